package dovetail.app.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads, edits and writes Axon's snapshot table directly, as an older release (or a damaged disk) would leave it. */
public final class SnapshotTable {

    /** One stored snapshot: the aggregate's state after the event at {@code sequence}. */
    public record Row(String type, long sequence, String payloadType, String revision, String payload) {
    }

    private final JdbcTemplate jdbc;

    public SnapshotTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The snapshot Axon would read for the aggregate: its latest. */
    public Optional<Row> latest(String aggregateId) {
        List<Row> rows = jdbc.query("select type, sequence_number, payload_type, payload_revision, "
                        + "convert_from(payload, 'UTF8') from snapshot_event_entry where aggregate_identifier = ? "
                        + "order by sequence_number desc limit 1",
                (row, n) -> new Row(row.getString(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5)), aggregateId);
        return rows.stream().findFirst();
    }

    /** How many snapshots of the aggregate are stored (a new one replaces those before it). */
    public long count(String aggregateId) {
        Long count = jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, aggregateId);
        return count == null ? 0 : count;
    }

    /** Sets one top-level field of the aggregate's stored snapshot to {@code json}, leaving the rest as stored. */
    public void edit(String aggregateId, String field, String json) {
        int edited = jdbc.update("update snapshot_event_entry set payload = convert_to(jsonb_set("
                + "convert_from(payload, 'UTF8')::jsonb, ?::text[], ?::jsonb)::text, 'UTF8') "
                + "where aggregate_identifier = ?", "{" + field + "}", json, aggregateId);
        if (edited != 1) {
            throw new IllegalStateException(edited + " snapshots of " + aggregateId + " edited, not one");
        }
    }

    /** Stores a snapshot of the aggregate after the event at {@code sequence}, with this payload as it is. */
    public void write(String aggregateId, String type, long sequence, String payloadType, String revision,
                      String payload) {
        jdbc.update("insert into snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                    + "time_stamp, payload_type, payload_revision, payload, meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                aggregateId, sequence, type, UUID.randomUUID().toString(), DateTimeUtils.formatInstant(Instant.now()),
                payloadType, revision, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }
}
