package dovetail.graphql.support;

import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.Problem;
import java.util.List;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code InvalidInput} answers every command's field problems, whichever feature refused the input. */
@Controller
class InvalidInputMessages {

    @SchemaMapping(typeName = "InvalidInput")
    String message(Object refusal) {
        int count = problems(refusal).size();
        return count == 1 ? "1 field is invalid" : count + " fields are invalid";
    }

    @SchemaMapping(typeName = "InvalidInput")
    List<Problem> problems(Object refusal) {
        if (refusal instanceof InvalidInput thing) {
            return thing.problems();
        }
        if (refusal instanceof InvalidTaskDefinition task) {
            return task.problems();
        }
        throw new IllegalArgumentException("not an input refusal");
    }
}
