package dovetail.graphql.support;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import java.util.List;
import org.springframework.graphql.execution.ErrorType;

/**
 * Refuses a mutation request that would run more than {@code dovetail.graphql.max-mutations} root fields, before
 * the first one runs. Every root field counts, under an alias or in a fragment, whatever it selects: the complexity
 * limit cannot see a write that selects only {@code __typename}.
 */
final class MutationLimit extends SimplePerformantInstrumentation {

    private final int maxMutations;

    MutationLimit(int maxMutations) {
        this.maxMutations = maxMutations;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        OperationDefinition operation = execution.getOperationDefinition();
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            List<Field> writes = RootFields.of(operation, execution.getFragmentsByName()).stream()
                    .filter(field -> !field.getName().startsWith("__")).toList();
            int count = RootFields.executions(writes);
            if (count > maxMutations) {
                throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                        .errorType(ErrorType.BAD_REQUEST)
                        .message("A request may run at most " + maxMutations + " mutations; this one asks for "
                                 + count + ". Send them in several requests.").build()));
            }
        }
        return super.beginExecuteOperation(parameters, state);
    }
}
