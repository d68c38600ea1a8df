package dovetail.graphql.thing;

import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.ListSyncTasks;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.ThingChanged;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.WatchThings;
import dovetail.graphql.support.BadArgument;
import java.time.Duration;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** Live views over WebSocket: Thing changes from Axon subscription queries, task progress polled once a second. */
@Controller
class ThingSubscriptions {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final QueryGateway queries;

    ThingSubscriptions(QueryGateway queries) {
        this.queries = queries;
    }

    @SubscriptionMapping
    Flux<ThingChanged> thingChanged(@Argument String id) {
        String watched = id == null ? null : ThingId.parse(id).map(ThingId::toString)
                .orElseThrow(() -> new BadArgument("id", "must be a non-negative integer"));
        SubscriptionQueryResult<String, ThingChanged> result = queries.subscriptionQuery(new WatchThings(watched),
                ResponseTypes.instanceOf(String.class), ResponseTypes.instanceOf(ThingChanged.class));
        return result.updates().doFinally(signal -> result.close());
    }

    @SchemaMapping(typeName = "ThingChange")
    boolean deleted(ThingChanged change) {
        return change.deleted();
    }

    @SubscriptionMapping
    Flux<SyncTaskView> syncTaskProgress(@Argument String id) {
        if (id != null && queries.query(new FindSyncTask(id), ResponseTypes.optionalInstanceOf(SyncTaskView.class))
                                 .join().isEmpty()) {
            throw new BadArgument("id", "names no sync task");
        }
        return Flux.interval(Duration.ZERO, PROGRESS_INTERVAL).concatMap(tick -> Flux.fromIterable(id == null
                ? queries.query(new ListSyncTasks(null), ResponseTypes.multipleInstancesOf(SyncTaskView.class)).join()
                : queries.query(new FindSyncTask(id), ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join()
                         .map(List::of).orElse(List.of())));
    }
}
