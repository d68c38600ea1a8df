package dovetail.functions.thing;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingError;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingRules;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.functions.reply.Replies;
import dovetail.functions.reply.Reply;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Thing functions. Each sends one command or query through Axon's gateways, as the GraphQL API does, and
 * answers the Thing or the typed refusal. {@code getThing} reads the read model ({@link FindThing}).
 */
@Configuration(proxyBeanMethods = false)
public class ThingFunctions {

    @Bean
    public Function<CreateThingRequest, Reply> createThing(CommandGateway commands) {
        return request -> request == null ? missingBody()
                : send(commands, new CreateThing(request.name(), request.foo()), false);
    }

    @Bean
    public Function<UpdateThingRequest, Reply> updateThing(CommandGateway commands) {
        return request -> request == null ? missingBody() : send(commands,
                new UpdateThing(request.id(), request.name(), request.foo(), request.expectedVersion()), false);
    }

    @Bean
    public Function<DeleteThingRequest, Reply> deleteThing(CommandGateway commands) {
        return request -> request == null ? missingBody()
                : send(commands, new DeleteThing(request.id(), request.expectedVersion()), true);
    }

    @Bean
    public Function<GetThingRequest, Reply> getThing(QueryGateway queries) {
        return request -> {
            if (request == null) {
                return missingBody();
            }
            List<Problem> problems = ThingRules.checkId(request.id());
            if (!problems.isEmpty()) {
                return Reply.InvalidInput.of(problems);
            }
            String id = ThingId.parse(request.id()).orElseThrow().toString();
            Optional<ThingView> found =
                    queries.query(new FindThing(id), ResponseTypes.optionalInstanceOf(ThingView.class)).join();
            return found.<Reply>map(Reply.Thing::of).orElseGet(() -> Replies.of(new ThingNotFound(id)));
        };
    }

    static Reply missingBody() {
        return new Reply.MalformedRequest("The request must be a JSON object");
    }

    private static Reply send(CommandGateway commands, Object command, boolean deletion) {
        ThingOutcome outcome = commands.<ThingOutcome>send(command).join();
        if (outcome instanceof ThingAccepted accepted) {
            return deletion ? new Reply.DeletedThing(accepted.thing().id()) : Reply.Thing.of(accepted.thing());
        }
        return Replies.of((ThingError) outcome);
    }
}
