package dovetail.app.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.Dovetails;
import dovetail.app.support.RawGraphQl;
import dovetail.commands.erasure.InvalidKeyEncryptionKey;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.RecordedThingEvent;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingHistory;
import dovetail.embedded.spring.DevelopmentKeys;
import dovetail.embedded.test.TestEndpoints;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The key-encryption key: a rotation re-wraps every data key at start and leaves every name readable; a malformed key
 * stops the start with a message that names the property and never shows the key.
 */
@DovetailTest
@ExtendWith(OutputCaptureExtension.class)
class KeyEncryptionKeyIT {

    /** The key a rotation moves to; this instance knows it as a previous key, so it reads what was re-wrapped. */
    private static final String ROTATED_KEY = "VG98jYO8UAFIiV/1vsVZJ+7p8Ami+CIHlTL5M5Sngoc=";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandGateway commands;

    @DynamicPropertySource
    static void previousKey(DynamicPropertyRegistry registry) {
        registry.add("dovetail.erasure.previous-key-encryption-keys", () -> ROTATED_KEY);
    }

    @Test
    void aRotationRewrapsEveryDataKeyAndEveryNameStaysReadable(TestEndpoints engines) {
        String before = commands.<ThingAccepted>sendAndWait(new CreateThing("Named Before Rotation", 9.0)).thing().id();
        String kekBefore = jdbc.queryForObject("select kek_id from thing_keys where thing_id = ?", String.class, before);
        String after;
        try (ConfigurableApplicationContext rotated = Dovetails.start(engines,
                "dovetail.erasure.key-encryption-key=" + ROTATED_KEY,
                "dovetail.erasure.previous-key-encryption-keys=" + DevelopmentKeys.KEY_ENCRYPTION_KEY)) {
            assertThat(jdbc.queryForList("select distinct kek_id from thing_keys where wrapped_key is not null",
                    String.class)).hasSize(1).doesNotContain(kekBefore);
            assertThat(history(rotated, before)).containsExactly("Named Before Rotation");
            ThingAccepted made = rotated.getBean(CommandGateway.class).sendAndWait(
                    new CreateThing("Named After Rotation", 1.0));
            after = made.thing().id();
        }
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry"
                + " where position('Rotation' in convert_from(payload, 'UTF8')) > 0", Long.class)).isZero();
        // never read here before: its key, wrapped with the new key-encryption key, is read now
        assertThat(new RawGraphQl(port).data("{ thingHistory(id: \\\"" + after + "\\\") { thing { name } } }")
                .at("/thingHistory/0/thing/name").asText()).isEqualTo("Named After Rotation");
    }

    private static List<String> history(ConfigurableApplicationContext app, String id) {
        return app.getBean(QueryGateway.class).query(new ThingHistory(id),
                        ResponseTypes.multipleInstancesOf(RecordedThingEvent.class)).join().stream()
                .map(event -> event.thing().name()).toList();
    }

    @Test
    void aMalformedKeyEncryptionKeyStopsTheStartWithoutShowingIt(TestEndpoints engines, CapturedOutput output) {
        String secret = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
        assertThatThrownBy(() -> Dovetails.start(engines, "dovetail.erasure.key-encryption-key=" + secret).close())
                .hasRootCauseInstanceOf(InvalidKeyEncryptionKey.class)
                .rootCause().hasMessageContaining("dovetail.erasure.key-encryption-key")
                .hasMessageContaining("16, 24 or 32 byte").hasMessageNotContaining(secret);
        assertThat(output.getAll()).contains("DOVETAIL_ERASURE_KEY_ENCRYPTION_KEY").doesNotContain(secret);
    }
}
