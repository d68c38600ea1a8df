package dovetail.graphql.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/** What {@link GraphQlErrors} does for queries and mutations, for a subscription's stream. */
@Component
class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure) {
        if (failure instanceof BadArgument bad) {
            return bad.toError(GraphqlErrorBuilder.newError());
        }
        String errorId = UUID.randomUUID().toString();
        log.error("GraphQL subscription failed (error id {})", errorId, failure);
        return GraphqlErrorBuilder.newError().errorType(ErrorType.INTERNAL_ERROR)
                .message("Internal error " + errorId + ": subscribe again").build();
    }
}
