package dovetail.app.security;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import java.util.Optional;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Where each root field runs, refuses it unless the request's token holds the role the field needs
 * ({@link OperationRoles}). This is the check that counts: it sees the field GraphQL is about to run, however the
 * document reached it (fragments, aliases, over HTTP or a WebSocket). {@link GraphQlAuthorization}'s refusal of the
 * whole request before it runs is a convenience on top, so that a document asking for a forbidden field runs
 * nothing at all and HTTP can answer 403.
 */
@Component
class FieldAuthorization extends SimplePerformantInstrumentation {

    private final SecurityProperties properties;
    private final GraphQlAuthorization authorization;

    FieldAuthorization(SecurityProperties properties, GraphQlAuthorization authorization) {
        this.properties = properties;
        this.authorization = authorization;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        ExecutionStepInfo step = parameters.getExecutionStepInfo();
        if (!properties.enabled() || step.getPath().getLevel() != 1) {
            return dataFetcher;
        }
        DataFetchingEnvironment environment = parameters.getEnvironment();
        GraphQLObjectType root = step.getObjectType();
        Optional<Role> needed = OperationRoles.needed(environment.getGraphQLSchema(), root, step.getFieldDefinition());
        if (needed.isEmpty()) {
            return dataFetcher;
        }
        Authentication authentication = environment.getGraphQlContext().get(GraphQlAuthorization.AUTHENTICATION);
        if (authorization.holds(needed.get(), authentication)) {
            return dataFetcher;
        }
        String refusal = GraphQlAuthorization.refusal(step.getFieldDefinition().getName(), needed.get());
        return refused -> DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(refused)
                .errorType(ErrorType.FORBIDDEN).message(refusal).build()).build();
    }
}
