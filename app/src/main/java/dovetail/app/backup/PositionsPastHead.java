package dovetail.app.backup;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds processor positions beyond the event store's head and sets them back to the head. A store restored from an
 * older state hands out the lost indexes again; a position kept from before the restore would skip every event
 * appended until the head passed it. Its processor has delivered every event up to the head (those are the same in
 * the restored store), so it goes on from there; what its sink holds beyond the head is cleared by a full sync.
 */
@Component
class PositionsPastHead {

    private static final Logger log = LoggerFactory.getLogger(PositionsPastHead.class);
    static final String METRIC = "dovetail.restore.positions.reset";

    private record Position(String processor, int segment, byte[] token, String type) {
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final MeterRegistry meters;

    PositionsPastHead(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.meters = meters;
    }

    /** Sets every position beyond the head back to it; answers how many segments were reset. */
    int reset() {
        List<Position> positions = jdbc.query(
                "select processor_name, segment, token, token_type from token_entry where token is not null",
                (rs, i) -> new Position(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getString(4)));
        // read after the positions: a processor running elsewhere cannot have passed a head read later
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        int reset = 0;
        for (Position position : positions) {
            TrackingToken token = serializer.deserialize(
                    new SimpleSerializedObject<>(position.token(), byte[].class, position.type(), null));
            OptionalLong index = token == null ? OptionalLong.empty() : token.position();
            if (index.isPresent() && index.getAsLong() > head) {
                SerializedObject<byte[]> atHead = serializer.serialize(
                        GapAwareTrackingToken.newInstance(head, List.of()), byte[].class);
                int updated = jdbc.update("update token_entry set token = ?, token_type = ? "
                                          + "where processor_name = ? and segment = ? and token = ?",
                        atHead.getData(), atHead.getType().getName(), position.processor(), position.segment(),
                        position.token());
                if (updated == 1) {
                    reset++;
                    meters.counter(METRIC, "processor", position.processor()).increment();
                    log.warn("Position {} of processor {} (segment {}) is beyond the event store's head {}: the "
                             + "store was restored from an older state. Reset to {}, so the events appended from now "
                             + "on are delivered instead of skipped; run fullSyncAllTasks so the sinks drop what they "
                             + "hold beyond the head", index.getAsLong(), position.processor(), position.segment(),
                            head, head);
                }
            }
        }
        return reset;
    }
}
