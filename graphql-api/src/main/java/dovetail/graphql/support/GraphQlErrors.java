package dovetail.graphql.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * The one place exceptions become GraphQL errors. Expected refusals travel as typed payloads, not exceptions;
 * what arrives here is a bad argument (BAD_REQUEST) or a fault, which the client sees only as an error id it
 * can quote, never a stack trace or an internal class name.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment env) {
        Throwable cause = unwrap(failure);
        if (cause instanceof BadArgument bad) {
            return bad.toError(GraphqlErrorBuilder.newError(env));
        }
        if (cause instanceof IllegalArgumentException) {
            // Spring for GraphQL reports undecodable cursors and unconvertible arguments this way
            return GraphqlErrorBuilder.newError(env).errorType(ErrorType.BAD_REQUEST)
                    .message("An argument could not be read: check cursors and argument types").build();
        }
        String errorId = java.util.UUID.randomUUID().toString();
        log.error("GraphQL field {} failed (error id {})", env.getExecutionStepInfo().getPath(), errorId, cause);
        return GraphqlErrorBuilder.newError(env).errorType(ErrorType.INTERNAL_ERROR)
                .message("Internal error " + errorId + ": the request may be retried").build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
