package dovetail.domain.migration;

import dovetail.domain.thing.Problem;
import java.util.List;

/** A drift repair asked for with arguments out of range; each problem names its argument. Nothing was done. */
public record InvalidRepair(List<Problem> problems) implements DriftRepairOutcome {

    public InvalidRepair {
        problems = List.copyOf(problems);
    }

    public String message() {
        return Problem.summary(problems);
    }
}
