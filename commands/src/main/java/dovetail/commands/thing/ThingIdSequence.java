package dovetail.commands.thing;

import dovetail.domain.thing.ReserveThingIds;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Allocates Thing ids from a PostgreSQL sequence, so ids stay numeric (they must fit the legacy integer key) and
 * unique across every instance sharing the database. A rolled-back command leaves a gap, which is harmless.
 */
@Component
class ThingIdSequence implements ThingIds, ThingIdReservation {

    private final JdbcTemplate jdbc;

    ThingIdSequence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long next() {
        Long id = jdbc.queryForObject("select nextval('thing_id_seq')", Long.class);
        if (id == null) {
            throw new IllegalStateException("thing_id_seq returned no value");
        }
        return id;
    }

    @CommandHandler
    void handle(ReserveThingIds command) {
        advancePast(command.upTo());
    }

    // setval is outside transactions, like nextval: a rolled-back import still leaves the sequence moved, harmlessly
    @Override
    public void advancePast(long upTo) {
        jdbc.queryForObject("select setval('thing_id_seq', greatest(?, (select last_value from thing_id_seq)))",
                Long.class, Math.max(upTo, 1));
    }
}
