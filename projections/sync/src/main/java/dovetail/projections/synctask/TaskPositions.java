package dovetail.projections.synctask;

import dovetail.projections.processing.InstanceProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where task processors stand, read from the token store that all instances share: a processor's position is the
 * lowest global event index its segments have passed.
 */
@Component
class TaskPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final InstanceProperties instance;
    private final Clock clock = Clock.systemUTC();

    TaskPositions(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer, InstanceProperties instance) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.instance = instance;
    }

    /** How far a processor is: its position, whether every segment has a position yet, and the lag behind head. */
    record Progress(long position, boolean complete, long head) {

        long lag() {
            return Math.max(0, head - position);
        }
    }

    Progress progress(String processorName, int segments, long head) {
        List<OptionalLong> positions = jdbc.query(
                "select token, token_type from token_entry where processor_name = ?",
                (rs, i) -> {
                    byte[] token = rs.getBytes("token");
                    if (token == null) {
                        return OptionalLong.empty();
                    }
                    TrackingToken tracking = serializer.deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, rs.getString("token_type"), null));
                    return tracking == null ? OptionalLong.empty() : tracking.position();
                },
                processorName);
        long position = positions.stream().mapToLong(p -> p.orElse(0)).min().orElse(0);
        boolean complete = positions.size() >= segments && positions.stream().allMatch(OptionalLong::isPresent);
        return new Progress(position, complete, head);
    }

    /**
     * The global index of the event that requested the task's running full sync: a copy that has passed it holds
     * every Thing written before the full sync began.
     */
    long fullSyncRequestedAt(String taskId) {
        List<Long> at = jdbc.queryForList("""
                select global_index from domain_event_entry where aggregate_identifier = ?
                and payload_type = 'dovetail.domain.synctask.SyncTaskFullSyncRequested'
                order by sequence_number desc limit 1""", Long.class, taskId);
        return at.isEmpty() ? 0 : at.get(0);
    }

    /** The newest event's global index (0: no events). */
    long head() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** Whether an instance still holds (and renews) a claim on a segment of one of these processors. */
    boolean claimed(String... processorNames) {
        Instant fresh = clock.instant().minus(instance.claimTimeout());
        for (String name : processorNames) {
            List<String> claims = jdbc.queryForList(
                    "select timestamp from token_entry where processor_name = ? and owner is not null",
                    String.class, name);
            if (claims.stream().anyMatch(at -> Instant.parse(at).isAfter(fresh))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives each of the {@code segments} segments of processor {@code to} the position of the one-segment processor
     * {@code from}, which loses it; false when {@code from} has none. Segment ids are those {@code to} has, or
     * 0..segments-1 for a processor without tokens yet.
     */
    boolean moveTokens(String from, String to, int segments) {
        List<Map<String, Object>> source = jdbc.queryForList(
                "select token, token_type, timestamp from token_entry where processor_name = ?", from);
        if (source.isEmpty()) {
            return false;
        }
        List<Integer> ids = jdbc.queryForList("select segment from token_entry where processor_name = ? order by segment",
                Integer.class, to);
        if (ids.isEmpty()) {
            ids = java.util.stream.IntStream.range(0, segments).boxed().toList();
        }
        Map<String, Object> token = source.get(0);
        jdbc.update("delete from token_entry where processor_name = ?", to);
        for (int segment : ids) {
            jdbc.update("""
                    insert into token_entry (processor_name, segment, token, token_type, timestamp, owner)
                    values (?, ?, ?, ?, ?, null)""", to, segment, token.get("token"), token.get("token_type"),
                    token.get("timestamp"));
        }
        jdbc.update("delete from token_entry where processor_name = ?", from);
        return true;
    }

    /** Forgets the positions of these processors: they start from the first event when they run again. */
    void forget(List<String> processorNames) {
        processorNames.forEach(name -> jdbc.update("delete from token_entry where processor_name = ?", name));
    }
}
