package dovetail.domain.thing;

import java.util.List;

/** The command's fields break the Thing's rules; each problem names the field it concerns. */
public record InvalidInput(List<Problem> problems) implements ThingError {

    public InvalidInput {
        problems = List.copyOf(problems);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new Problem(field, message)));
    }

    @Override
    public String message() {
        return Problem.summary(problems);
    }
}
