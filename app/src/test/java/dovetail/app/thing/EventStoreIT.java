package dovetail.app.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.app.support.DovetailTest;
import dovetail.commands.store.CachingJacksonSerializer;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.UpdateThing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** How events land in PostgreSQL: JSON in bytea columns, under a dense global index. */
@DovetailTest
class EventStoreIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Serializer serializer;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    ObjectMapper mapper;

    @Test
    void messagesAndEventsAreReadThroughOneCachingJacksonSerializerOnTheApplicationsMapper() {
        assertThat(serializer).isInstanceOf(CachingJacksonSerializer.class);
        assertThat(axon.eventSerializer()).isSameAs(serializer);
        assertThat(axon.messageSerializer()).isSameAs(serializer);
        assertThat(((JacksonSerializer) serializer).getObjectMapper()).isSameAs(mapper);

        ThingAccepted created = commands.sendAndWait(new CreateThing("read back", 4.5));
        ThingAccepted updated = commands.sendAndWait(new UpdateThing(created.thing().id(), "read again", 5.5, 1L));
        assertThat(updated.thing().createdOn()).isEqualTo(created.thing().createdOn());
        assertThat(updated.thing().name()).isEqualTo("read again");
    }

    @Test
    void eventsAreJsonInByteaColumnsWithADenseGlobalIndexAndNoLargeObjects() {
        for (int i = 0; i < 10; i++) {
            ThingAccepted created = commands.sendAndWait(new CreateThing("stored " + i, (double) i));
            commands.sendAndWait(new UpdateThing(created.thing().id(), "restored " + i, i + 0.5, 1L));
        }

        List<Long> indexes = jdbc.queryForList(
                "select global_index from domain_event_entry where payload_type like 'dovetail.domain.thing.%' order by 1",
                Long.class);
        assertThat(indexes).hasSize(20);
        assertThat(indexes.get(indexes.size() - 1) - indexes.get(0)).isEqualTo(19);

        assertThat(jdbc.queryForList("""
                select data_type from information_schema.columns
                where table_name in ('domain_event_entry', 'token_entry') and column_name in ('payload', 'meta_data', 'token')""",
                String.class)).isNotEmpty().containsOnly("bytea");
        assertThat(jdbc.queryForObject("select count(*) from pg_largeobject_metadata", Long.class)).isZero();

        byte[] payload = jdbc.queryForObject(
                "select payload from domain_event_entry where payload_type = ? order by global_index limit 1",
                byte[].class, "dovetail.domain.thing.ThingUpdated");
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .startsWith("{").contains("\"name\":\"ek1:", "\"version\":2").doesNotContain("restored 0");
    }
}
