package dovetail.graphql.support;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.OperationDefinition;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A subscription sent over plain HTTP is answered with an error that says where subscriptions live, before
 * anything runs; without this the answer would be the server's internal stream object rendered as data.
 */
@Component
class SubscriptionsNeedSockets implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest || !isSubscription(request)) {
            return chain.next(request);
        }
        ExecutionResult refusal = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.BAD_REQUEST)
                .message("Subscriptions run over a WebSocket: connect to /graphql with the graphql-transport-ws "
                         + "protocol").build()).build();
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                refusal)));
    }

    private static boolean isSubscription(WebGraphQlRequest request) {
        // a document that is not valid syntax is answered by GraphQL itself
        return RootFields.document(request).flatMap(document -> RootFields.selected(document,
                        request.getOperationName()))
                .map(operation -> operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION)
                .orElse(false);
    }
}
