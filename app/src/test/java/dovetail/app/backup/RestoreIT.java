package dovetail.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.app.support.Dovetails;
import dovetail.app.support.KafkaTopic;
import dovetail.app.support.RawGraphQl;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.EraseThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.embedded.postgres.PostgresDatabases;
import dovetail.embedded.test.TestEndpoints;
import dovetail.embedded.test.WithEngines;
import dovetail.projections.search.MeilisearchIndexes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Backup and restore as an operator runs it: a Dovetail writes Things, the store is exported while it runs, more is
 * written after the export (and so lost), the export is imported into a fresh database, and a Dovetail started on it
 * with the same Meilisearch index and Kafka topics rebuilds its read model, sets back the positions left beyond the
 * restored head, delivers what is written next, and after {@code fullSyncAllTasks} search and the state topic hold
 * exactly the read model again. The Things' data keys come with the events: names read back in clear, a Thing erased
 * before the export stays erased, and one erased after it is back (the backup holds its key) until erased again.
 * Damaged files and non-empty stores are refused with nothing written.
 */
@WithEngines
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreIT {

    private static final int DONE = 0;
    private static final int REFUSED = 1;
    private static final String ERASED_NAME = "erased before the export";

    @TempDir
    Path folder;

    private TestEndpoints engines;
    private Path export;
    private Map<String, Long> exported;
    private Map<String, String> exportedNames;
    private long events;
    private long keys;
    private String erasedBeforeTheExport;
    private String erasedAfterTheExport;
    private List<Map<String, Object>> positionsAfterTheExport;

    @BeforeAll
    void writeExportAndWriteMore(TestEndpoints engines, @TempDir Path files) {
        this.engines = engines;
        export = files.resolve("store.dovetail.zip");
        try (ConfigurableApplicationContext original = Dovetails.start(engines)) {
            CommandGateway commands = original.getBean(CommandGateway.class);
            List<ThingView> things = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                things.add(commands.<ThingAccepted>sendAndWait(new CreateThing("backed up " + i, i * 1.5)).thing());
            }
            commands.sendAndWait(new UpdateThing(things.get(0).id(), "changed", 9.0, 1L));
            commands.sendAndWait(new DeleteThing(things.get(1).id(), 1L));
            erasedBeforeTheExport = commands.<ThingAccepted>sendAndWait(new CreateThing(ERASED_NAME, 1.0)).thing().id();
            commands.sendAndWait(new EraseThing(erasedBeforeTheExport));
            awaitSinksEqualReadModel(original, jdbc(engines.jdbcUrl()));
            exported = new ReadModel(jdbc(engines.jdbcUrl())).versions();
            exportedNames = new ReadModel(jdbc(engines.jdbcUrl())).names();
            assertThat(exportedNames).containsEntry(things.get(0).id(), "changed");

            events = jdbc(engines.jdbcUrl()).queryForObject("select count(*) from domain_event_entry", Long.class);
            keys = jdbc(engines.jdbcUrl()).queryForObject("select count(*) from thing_keys", Long.class);
            assertThat(command(DONE, "export-events", engines.jdbcUrl(), export)).contains("Exported " + events + " event(s)")
                    .contains(" and " + keys + " Thing key(s)");

            // lost in the restore: the sinks and the positions see them, the export does not
            commands.sendAndWait(new UpdateThing(things.get(0).id(), "lost change", 10.0, 2L));
            commands.sendAndWait(new DeleteThing(things.get(2).id(), 1L));
            erasedAfterTheExport = things.get(3).id();
            commands.sendAndWait(new EraseThing(erasedAfterTheExport));
            awaitSinksEqualReadModel(original, jdbc(engines.jdbcUrl()));
            positionsAfterTheExport = jdbc(engines.jdbcUrl()).queryForList(
                    "select processor_name, segment, token, token_type, timestamp from token_entry");
        }
    }

    @Test
    void aRestoredStoreRebuildsEveryProjectionAndItsSinksConvergeOnItsReadModel() {
        String restored = freshDatabase();
        assertThat(command(DONE, "import-events", restored, export)).contains("Imported " + events + " event(s)")
                .contains(" and " + keys + " Thing key(s)");
        JdbcTemplate restoredJdbc = jdbc(restored);
        // positions from after the export, as a database restored from a later copy of its token table would hold
        positionsAfterTheExport.forEach(position -> restoredJdbc.update("insert into token_entry (processor_name, "
                + "segment, token, token_type, timestamp) values (?, ?, ?, ?, ?)", position.get("processor_name"),
                position.get("segment"), position.get("token"), position.get("token_type"), position.get("timestamp")));
        long head = restoredJdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);

        try (ConfigurableApplicationContext dovetail = Dovetails.start(engines, "spring.datasource.url=" + restored)) {
            ReadModel readModel = new ReadModel(restoredJdbc);
            assertThat(readModel.versions()).isEqualTo(exported);
            // the names were decrypted with the restored data keys: without them every Thing would read as erased
            assertThat(readModel.names()).isEqualTo(exportedNames);
            assertErasedForGood(dovetail, restoredJdbc, erasedBeforeTheExport);
            assertThat(restoredJdbc.queryForObject("select (select count(*) from domain_event_entry where position(? in "
                    + "convert_from(payload, 'UTF8')) > 0) + (select count(*) from snapshot_event_entry where position(? in "
                    + "convert_from(payload, 'UTF8')) > 0)", Long.class, ERASED_NAME, ERASED_NAME)).isZero();
            assertThat(positions(dovetail, restoredJdbc)).isNotEmpty().allMatch(position -> position <= head);
            assertThat(dovetail.getBean(MeterRegistry.class).find(PositionsPastHead.METRIC).counters().stream()
                               .mapToDouble(Counter::count).sum()).isGreaterThanOrEqualTo(2);

            // appended after the restore, at indexes the old positions had passed: delivered, not skipped
            ThingView next = dovetail.getBean(CommandGateway.class)
                    .<ThingAccepted>sendAndWait(new CreateThing("after the restore", 4.0)).thing();
            assertThat(Long.parseLong(next.id())).isGreaterThan(exported.keySet().stream().mapToLong(Long::parseLong)
                                                                        .max().orElseThrow());
            await().atMost(Duration.ofSeconds(60)).until(() -> search(dovetail).versions().containsKey(next.id()));
            // the index still holds what was written after the export, until a full sync replaces it
            assertThat(search(dovetail).versions()).isNotEqualTo(readModel.versions());

            JsonNode started = new RawGraphQl(port(dovetail)).data(
                    "mutation { fullSyncAllTasks { __typename ... on SyncTask { id } } }").get("fullSyncAllTasks");
            assertThat(started.findValuesAsText("id")).containsExactly("things-kafka", "things-search");
            awaitSinksEqualReadModel(dovetail, restoredJdbc);
            assertThat(search(dovetail).documents()).allSatisfy((id, document) ->
                    assertThat(document).containsEntry("name", readModel.names().get(id)));

            // a backup from before an erasure still holds the Thing's key: the erasure is made again after the restore
            assertThat(readModel.names()).containsKey(erasedAfterTheExport);
            ThingAccepted again = dovetail.getBean(CommandGateway.class).sendAndWait(new EraseThing(erasedAfterTheExport));
            assertThat(again.changed()).isTrue();
            assertErasedForGood(dovetail, restoredJdbc, erasedAfterTheExport);
        }
    }

    /** Gone from the read model, its key erased, and erasing it again stores nothing. */
    private static void assertErasedForGood(ConfigurableApplicationContext dovetail, JdbcTemplate jdbc, String id) {
        assertThat(new ReadModel(jdbc).versions()).doesNotContainKey(id);
        assertThat(jdbc.queryForObject("select wrapped_key is null and erased_on is not null from thing_keys"
                + " where thing_id = ?", Boolean.class, id)).isTrue();
        ThingAccepted again = dovetail.getBean(CommandGateway.class).sendAndWait(new EraseThing(id));
        assertThat(again.changed()).isFalse();
    }

    @Test
    void aTruncatedOrDamagedFileIsRefusedBeforeTheDatabaseIsTouched() throws IOException {
        byte[] whole = Files.readAllBytes(export);
        Path truncated = Files.write(folder.resolve("truncated.zip"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String fresh = freshDatabase();
        assertThat(command(REFUSED, "import-events", fresh, truncated))
                .contains("Refused, nothing was written: ").contains("not a complete export");

        Path damaged = Files.write(folder.resolve("damaged.zip"), ExportFiles.withoutLastEvent(whole));
        assertThat(command(REFUSED, "import-events", fresh, damaged))
                .contains("Refused, nothing was written: ").contains("domain_event_entry.csv does not have the SHA-256");
        assertThat(jdbc(fresh).queryForObject("select count(*) from information_schema.tables "
                                              + "where table_schema = 'public'", Long.class)).isZero();
    }

    @Test
    void anImportIntoAStoreThatHoldsEventsIsRefused() {
        long before = jdbc(engines.jdbcUrl()).queryForObject("select count(*) from domain_event_entry", Long.class);
        assertThat(command(REFUSED, "import-events", engines.jdbcUrl(), export))
                .contains("Refused, nothing was written: ").contains("holds " + before + " event(s)");
        assertThat(jdbc(engines.jdbcUrl()).queryForObject("select count(*) from domain_event_entry", Long.class))
                .isEqualTo(before);
    }

    private void awaitSinksEqualReadModel(ConfigurableApplicationContext dovetail, JdbcTemplate jdbc) {
        KafkaTopic state = new KafkaTopic(engines.kafkaBootstrapServers(), engines.topicPrefix() + "dovetail.things.state");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Long> readModel = new ReadModel(jdbc).versions();
            assertThat(search(dovetail).versions()).as("search").isEqualTo(readModel);
            assertThat(state.latestVersions()).as("state topic").isEqualTo(readModel);
        });
    }

    private static SearchIndex search(ConfigurableApplicationContext dovetail) {
        return new SearchIndex(dovetail.getBean(MeilisearchIndexes.class), "things");
    }

    private static List<Long> positions(ConfigurableApplicationContext dovetail, JdbcTemplate jdbc) {
        Serializer serializer = dovetail.getBean("serializer", Serializer.class);
        return jdbc.query("select token, token_type from token_entry where token is not null", (rs, i) -> {
            TrackingToken token = serializer.deserialize(
                    new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null));
            return token.position().orElse(0);
        });
    }

    private String freshDatabase() {
        String name = "restored_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return PostgresDatabases.create(engines.jdbcUrl(), engines.username(), engines.password(), name);
    }

    /**
     * Runs an operator command as {@code java -jar dovetail.jar <command> …} from the server jar, checks its exit status
     * ({@link #DONE} or {@link #REFUSED}) and answers what it printed.
     */
    private String command(int status, String command, String jdbcUrl, Path file) {
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Dovetails.executableJar().toString(), command, "--file=" + file,
                    "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + engines.username(),
                    "--spring.datasource.password=" + engines.password()).redirectErrorStream(true).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(printed).isTrue();
            assertThat(process.exitValue()).as(printed).isEqualTo(status);
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JdbcTemplate jdbc(String url) {
        return new JdbcTemplate(new DriverManagerDataSource(url, engines.username(), engines.password()));
    }

    private static int port(ConfigurableApplicationContext dovetail) {
        return ((WebServerApplicationContext) dovetail).getWebServer().getPort();
    }
}
