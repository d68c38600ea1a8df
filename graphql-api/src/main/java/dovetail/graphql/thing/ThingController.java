package dovetail.graphql.thing;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.EraseThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ListThings;
import dovetail.domain.thing.RecordedThingEvent;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingError;
import dovetail.domain.thing.ThingHistory;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingPage;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.graphql.support.BadArgument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;

/** Thing queries and mutations: each maps its arguments to one message and the answer to a payload. */
@Controller
class ThingController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final CommandGateway commands;
    private final QueryGateway queries;

    ThingController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @QueryMapping
    CompletableFuture<ThingView> thing(@Argument String id) {
        ThingId thingId = ThingId.parse(id).orElseThrow(() -> new BadArgument("id", "must be a non-negative integer"));
        return queries.query(new FindThing(thingId.toString()), ResponseTypes.optionalInstanceOf(ThingView.class))
                      .thenApply(found -> found.orElse(null));
    }

    @QueryMapping
    CompletableFuture<Window<ThingView>> things(ScrollSubrange subrange, @Argument Integer first) {
        int limit = first == null ? DEFAULT_PAGE_SIZE : first;
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new BadArgument("first", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        Long afterId = subrange.position().map(ThingController::afterId).orElse(null);
        return queries.query(new ListThings(limit, afterId), ThingPage.class).thenApply(page -> Window.from(
                page.things(), index -> ScrollPosition.forward(Map.of("id", page.things().get(index).id())),
                page.hasMore()));
    }

    @QueryMapping
    CompletableFuture<List<RecordedThingEvent>> thingHistory(@Argument String id) {
        ThingId thingId = ThingId.parse(id).orElseThrow(() -> new BadArgument("id", "must be a non-negative integer"));
        return queries.query(new ThingHistory(thingId.toString()),
                ResponseTypes.multipleInstancesOf(RecordedThingEvent.class));
    }

    @MutationMapping
    CompletableFuture<Object> createThing(@Argument CreateThing input) {
        return send(input, ThingAccepted::thing);
    }

    @MutationMapping
    CompletableFuture<Object> updateThing(@Argument UpdateThing input) {
        return send(input, ThingAccepted::thing);
    }

    @MutationMapping
    CompletableFuture<Object> deleteThing(@Argument DeleteThing input) {
        return send(input, accepted -> new DeletedThing(accepted.thing().id()));
    }

    @MutationMapping
    CompletableFuture<Object> eraseThing(@Argument String id) {
        return send(new EraseThing(id), accepted -> new ErasedThing(accepted.thing().id()));
    }

    private CompletableFuture<Object> send(Object command, Function<ThingAccepted, Object> onAccepted) {
        return commands.<ThingOutcome>send(command).thenApply(
                outcome -> outcome instanceof ThingAccepted accepted ? onAccepted.apply(accepted) : (ThingError) outcome);
    }

    private static Long afterId(ScrollPosition position) {
        Object id = position instanceof KeysetScrollPosition keyset ? keyset.getKeys().get("id") : null;
        Optional<ThingId> parsed = id == null ? Optional.empty() : ThingId.parse(id.toString());
        return parsed.map(ThingId::value).orElseThrow(() -> new BadArgument("after", "is not a cursor of this list"));
    }
}
