package dovetail.domain.thing;

import java.util.List;

/** One broken rule of an input, with the field it concerns. */
public record Problem(String field, String message) {

    /** How many problems an input has, as every refusal of input says it. */
    public static String summary(List<Problem> problems) {
        return problems.size() == 1 ? "1 field is invalid" : problems.size() + " fields are invalid";
    }
}
