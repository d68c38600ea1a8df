package dovetail.commands.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.DovetailApplication;
import dovetail.app.support.DovetailTest;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.EraseThing;
import dovetail.domain.thing.ThingAccepted;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Reading ahead the data keys of a batch of Things ({@link ThingKeys#prefetch}), against the real store: one query
 * keeps the keys of the Things that have one and the erasure of those erased; a Thing without a key is not taken for
 * erased, so a key written after the read ahead is still found.
 */
@DovetailTest
@ContextConfiguration(classes = DovetailApplication.class) // outside the application's package
class ThingKeysIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    ErasureProperties properties;

    @Test
    void aReadAheadKeepsTheKeysAndErasuresItFoundAndNothingForThingsWithoutAKey() {
        String kept = created("Read Ahead Kept");
        String erased = created("Read Ahead Erased");
        commands.sendAndWait(new EraseThing(erased));
        String keyless = UUID.randomUUID().toString();

        ThingKeys fresh = new ThingKeys(jdbc, properties); // nothing in its cache yet
        fresh.prefetch(List.of(kept, erased, keyless, kept));
        // from here the store is not asked for these two: the kept key stays readable without its row
        Map<String, Object> row = jdbc.queryForMap("select wrapped_key, kek_id from thing_keys where thing_id = ?",
                kept);
        jdbc.update("delete from thing_keys where thing_id = ?", kept);
        try {
            assertThat(fresh.forRead(kept)).isPresent();
            assertThat(fresh.forRead(erased)).isEmpty();
        } finally {
            jdbc.update("insert into thing_keys (thing_id, wrapped_key, kek_id) values (?, ?, ?)", kept,
                    row.get("wrapped_key"), row.get("kek_id"));
        }
        // a first key written after the read ahead (by another writer) is read when asked for
        SecretKey written = new ThingKeys(jdbc, properties).forWrite(keyless);
        assertThat(fresh.forRead(keyless)).contains(written);
    }

    private String created(String name) {
        return commands.<ThingAccepted>sendAndWait(new CreateThing(name, 1.0)).thing().id();
    }
}
