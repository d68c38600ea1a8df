package dovetail.graphql.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.Map;
import org.springframework.graphql.execution.ErrorType;

/** A query argument that cannot be used as given; answered as a GraphQL {@code BAD_REQUEST} error naming it. */
public class BadArgument extends RuntimeException {

    private final String argument;

    public BadArgument(String argument, String problem) {
        super(argument + " " + problem);
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }

    /** The GraphQL error this refusal answers, built on {@code error} (which may already carry a location). */
    GraphQLError toError(GraphqlErrorBuilder<?> error) {
        return error.errorType(ErrorType.BAD_REQUEST).message(getMessage()).extensions(Map.of("argument", argument))
                    .build();
    }
}
