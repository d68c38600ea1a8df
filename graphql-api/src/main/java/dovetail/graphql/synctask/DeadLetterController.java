package dovetail.graphql.synctask;

import dovetail.domain.synctask.DeadLetterOutcome;
import dovetail.domain.synctask.DeadLetterReport;
import dovetail.domain.synctask.EvictDeadLetters;
import dovetail.domain.synctask.FindDeadLetters;
import dovetail.domain.synctask.ReprocessDeadLetters;
import dovetail.graphql.support.BadArgument;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The tasks' dead-letter queues: the report, reprocessing and eviction. */
@Controller
class DeadLetterController {

    private static final int MAX_FIRST = 1000;

    private final CommandGateway commands;
    private final QueryGateway queries;

    DeadLetterController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    CompletableFuture<DeadLetterReport> deadLetters(@Argument String taskId, @Argument Integer first) {
        int limit = first == null ? 50 : first;
        if (limit < 0 || limit > MAX_FIRST) {
            throw new BadArgument("first", "must be between 0 and " + MAX_FIRST);
        }
        return queries.query(new FindDeadLetters(taskId, limit), ResponseTypes.optionalInstanceOf(DeadLetterReport.class))
                      .thenApply(report -> report.orElse(null));
    }

    @MutationMapping
    CompletableFuture<DeadLetterOutcome> reprocessDeadLetters(@Argument String taskId, @Argument Integer limit) {
        return commands.send(new ReprocessDeadLetters(taskId, limit == null ? 100 : limit));
    }

    @MutationMapping
    CompletableFuture<DeadLetterOutcome> evictDeadLetters(@Argument String taskId, @Argument List<String> thingIds,
                                                          @Argument Boolean all) {
        return commands.send(new EvictDeadLetters(taskId, thingIds, Boolean.TRUE.equals(all)));
    }
}
