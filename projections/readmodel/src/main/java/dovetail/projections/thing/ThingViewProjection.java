package dovetail.projections.thing;

import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingChanged;
import dovetail.domain.thing.WatchThings;
import dovetail.domain.thing.ListThings;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingPage;
import dovetail.domain.thing.ThingView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read model: one row per live Thing. It runs in a subscribing processor, so each row changes in the same
 * transaction that appends the event, and {@code thing(id)} shows a mutation's effect as soon as it answered.
 * Writes are guarded by version, so a redelivered or replayed event changes nothing.
 */
@Component
@ProcessingGroup(ThingViewProjection.PROCESSING_GROUP)
class ThingViewProjection {

    static final String PROCESSING_GROUP = "thing-view";

    private final JdbcTemplate jdbc;
    private final QueryUpdateEmitter updates;

    ThingViewProjection(JdbcTemplate jdbc, QueryUpdateEmitter updates) {
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(Object event) {
        ThingChange.of(event).ifPresent(change -> {
            apply(change);
            // Axon sends these once the transaction has committed, so a watcher never sees a change that rolled back
            ThingChanged changed = new ThingChanged(change.id(), change.version(),
                    change instanceof ThingChange.Upsert upsert ? upsert.thing() : null);
            updates.emit(WatchThings.class, watch -> watch.id() == null || watch.id().equals(change.id()), changed);
        });
    }

    /** Subscription queries need an initial answer; watchers only want what happens next. */
    @QueryHandler
    String handle(WatchThings query) {
        return "watching";
    }

    private void apply(ThingChange change) {
        if (change instanceof ThingChange.Upsert upsert) {
            ThingView thing = upsert.thing();
            jdbc.update("""
                    insert into thing_view (id, name, foo, created_on, updated_on, version) values (?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set name = excluded.name, foo = excluded.foo,
                        created_on = excluded.created_on, updated_on = excluded.updated_on, version = excluded.version
                    where thing_view.version < excluded.version""",
                    Long.parseLong(thing.id()), thing.name(), thing.foo(), Timestamp.from(thing.createdOn()),
                    Timestamp.from(thing.updatedOn()), thing.version());
        } else {
            jdbc.update("delete from thing_view where id = ? and version < ?",
                    Long.parseLong(change.id()), change.version());
        }
    }

    @QueryHandler
    Optional<ThingView> handle(FindThing query) {
        return ThingId.parse(query.id()).flatMap(id -> jdbc.query(
                "select * from thing_view where id = ?", ThingViewProjection::view, id.value()).stream().findFirst());
    }

    @QueryHandler
    ThingPage handle(ListThings query) {
        List<ThingView> rows = jdbc.query(
                "select * from thing_view where id > ? order by id limit ?",
                ThingViewProjection::view, query.afterId() == null ? -1L : query.afterId(), query.limit() + 1);
        boolean hasMore = rows.size() > query.limit();
        return new ThingPage(hasMore ? rows.subList(0, query.limit()) : rows, hasMore);
    }


    private static ThingView view(ResultSet row, int index) throws SQLException {
        return new ThingView(Long.toString(row.getLong("id")), row.getString("name"), row.getDouble("foo"),
                row.getTimestamp("created_on").toInstant(), row.getTimestamp("updated_on").toInstant(),
                row.getLong("version"));
    }
}
