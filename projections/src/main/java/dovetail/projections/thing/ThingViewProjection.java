package dovetail.projections.thing;

import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.ListThings;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingId;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingPage;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
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

    ThingViewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ThingCreated event) {
        upsert(event.id(), event.name(), event.foo(), event.createdOn(), event.createdOn(), event.version());
    }

    @EventHandler
    void on(ThingImported event) {
        upsert(event.id(), event.name(), event.foo(), event.createdOn(), event.updatedOn(), event.version());
    }

    @EventHandler
    void on(ThingUpdated event) {
        jdbc.update("""
                update thing_view set name = ?, foo = ?, updated_on = ?, version = ?
                where id = ? and version < ?""",
                event.name(), event.foo(), Timestamp.from(event.updatedOn()), event.version(),
                Long.parseLong(event.id()), event.version());
    }

    @EventHandler
    void on(ThingDeleted event) {
        jdbc.update("delete from thing_view where id = ? and version < ?", Long.parseLong(event.id()), event.version());
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

    private void upsert(String id, String name, double foo, java.time.Instant createdOn, java.time.Instant updatedOn,
                        long version) {
        jdbc.update("""
                insert into thing_view (id, name, foo, created_on, updated_on, version) values (?, ?, ?, ?, ?, ?)
                on conflict (id) do update set name = excluded.name, foo = excluded.foo,
                    created_on = excluded.created_on, updated_on = excluded.updated_on, version = excluded.version
                where thing_view.version < excluded.version""",
                Long.parseLong(id), name, foo, Timestamp.from(createdOn), Timestamp.from(updatedOn), version);
    }

    private static ThingView view(ResultSet row, int index) throws SQLException {
        return new ThingView(Long.toString(row.getLong("id")), row.getString("name"), row.getDouble("foo"),
                row.getTimestamp("created_on").toInstant(), row.getTimestamp("updated_on").toInstant(),
                row.getLong("version"));
    }
}
