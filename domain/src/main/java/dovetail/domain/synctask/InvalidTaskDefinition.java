package dovetail.domain.synctask;

import dovetail.domain.thing.Problem;
import java.util.List;

/** Parts of the definition break the rules; each problem names its field path (e.g. {@code sink.meilisearch.index}). */
public record InvalidTaskDefinition(List<Problem> problems) implements SyncTaskError, DeadLetterOutcome {

    public InvalidTaskDefinition {
        problems = List.copyOf(problems);
    }

    @Override
    public String message() {
        return Problem.summary(problems);
    }
}
