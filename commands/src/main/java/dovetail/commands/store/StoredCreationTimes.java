package dovetail.commands.store;

import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingImported;
import dovetail.domain.thing.ThingUpdated;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Thing's creation time as its events in the store hold it: the last of its creation, imports and updates before a
 * given event whose payload holds one. The payloads are searched for the field's bytes (a quote inside a JSON string
 * is escaped, so the bytes are the field itself), so the database reads no JSON: an older release may have stored
 * text that PostgreSQL's JSON types refuse. Through the application's transaction when there is one.
 */
final class StoredCreationTimes implements ThingUpdatedCreatedOn.CreationTimes {

    private static final String LAST_HOLDING_ONE = """
            select payload from domain_event_entry
            where aggregate_identifier = ? and sequence_number < ? and payload_type in (?, ?, ?)
              and position(convert_to('"createdOn":"', 'UTF8') in payload) > 0
            order by sequence_number desc limit 1""";

    private final JdbcTemplate jdbc;

    StoredCreationTimes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> before(String thingId, long sequenceNumber) {
        return jdbc.query(LAST_HOLDING_ONE, (row, index) -> row.getBytes(1), thingId, sequenceNumber,
                        ThingCreated.class.getName(), ThingImported.class.getName(), ThingUpdated.class.getName())
                .stream().findFirst().map(ThingUpdatedCreatedOn::createdOn);
    }
}
