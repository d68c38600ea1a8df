package dovetail.projections.synctask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.DovetailApplication;
import dovetail.app.support.DovetailTest;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.DeleteThing;
import dovetail.domain.thing.UpdateThing;
import dovetail.projections.kafka.KafkaSink;
import dovetail.domain.thing.ThingAccepted;
import dovetail.projections.sink.EncodesAhead;
import dovetail.projections.sink.EncodesStored;
import dovetail.projections.sink.SinkChange;
import dovetail.projections.sink.Sink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * A catch-up reads ahead while its task's sink is prepared, and delivers only once it is: the first batches are read
 * and converted meanwhile, but nothing reaches the sink (nor the pooled processor) before {@code start()}.
 */
@DovetailTest
@ContextConfiguration(classes = DovetailApplication.class) // outside the application's package
class HistoryReaderIT {

    @Autowired
    LiveEventSource events;
    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionManager transactions;
    @Autowired
    DeadLetterQueues deadLetters;
    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void readsAheadWhileTheSinkIsPreparedAndDeliversOnlyOnceItIs() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            created.add(((ThingAccepted) commands.sendAndWait(new CreateThing("read ahead " + i, (double) i)))
                    .thing().id());
        }
        RecordingSink sink = new RecordingSink();
        TaskMonitor monitor = new TaskMonitor("read-ahead", new SimpleMeterRegistry(), Clock.systemUTC(),
                new DeliverySpans(Tracer.NOOP, null, Duration.ZERO, Clock.systemUTC()));
        CountDownLatch handedOff = new CountDownLatch(1);
        HistoryReader reader = catchingUp("read-ahead", sink, monitor, handedOff);
        List<RecordedEvent> recorded;
        try (RecordedEvents recording = RecordedEvents.of(HistoryReadEvent.NAME, ReadStageEvent.NAME,
                HandoffWaitEvent.NAME)) {
            reader.readAhead();

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.encoded.containsAll(created));
            assertThat(sink.deliveries).as("nothing delivered before the sink is prepared").hasValue(0);
            assertThat(handedOff.getCount()).as("not handed off before the sink is prepared").isEqualTo(1);

            reader.start();

            assertThat(handedOff.await(30, TimeUnit.SECONDS)).as("caught up and handed off").isTrue();
            assertThat(sink.delivered).containsAll(created);
            assertThat(sink.delivered.subList(sink.delivered.size() - created.size(), sink.delivered.size()))
                    .as("in the order written").containsExactlyElementsOf(created);
            reader.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> readerThreadsEnded("read-ahead"));
            recorded = recording.stop();
        } finally {
            reader.close();
            monitor.close();
        }

        // what a recording shows of the read (as the benchmarks print it): the read up to the head, each stage with
        // its CPU time, and the stages' waits on each other
        List<RecordedEvent> ours = recorded.stream()
                .filter(event -> "sync-task:read-ahead".equals(event.getString("processor"))).toList();
        assertThat(ours).filteredOn(event -> event.getEventType().getName().equals(HistoryReadEvent.NAME))
                .singleElement().satisfies(read -> {
                    assertThat(read.getString("task")).isEqualTo("read-ahead");
                    assertThat(read.getLong("events")).as("events read, Thing events or not")
                            .isGreaterThanOrEqualTo(sink.delivered.size());
                    assertThat(read.getInt("deliveries")).isPositive();
                });
        assertThat(ours).filteredOn(event -> event.getEventType().getName().equals(ReadStageEvent.NAME))
                .extracting(event -> event.getString("stage"))
                .containsExactlyInAnyOrder("fetching", "converting", "delivering");
        assertThat(ours).filteredOn(event -> event.getEventType().getName().equals(ReadStageEvent.NAME))
                .allSatisfy(stage -> assertThat(stage.getLong("cpu")).as(stage.getString("stage")).isPositive());
        assertThat(ours).filteredOn(event -> event.getEventType().getName().equals(HandoffWaitEvent.NAME))
                .extracting(event -> event.getString("stage") + " for " + event.getString("waitingFor"))
                .contains("fetcher for room", "converter for events", "converter for room", "delivery for batches");
    }

    /** Whether the reader of the task and its stages' threads have all ended. */
    private static boolean readerThreadsEnded(String taskId) {
        return Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("task-" + taskId + "-"));
    }

    @Test
    void aReaderClosedBeforeItsSinkIsPreparedDeliversNothing() throws Exception {
        commands.sendAndWait(new CreateThing("never delivered", 1.0));
        RecordingSink sink = new RecordingSink();
        TaskMonitor monitor = new TaskMonitor("closed-early", new SimpleMeterRegistry(), Clock.systemUTC(),
                new DeliverySpans(Tracer.NOOP, null, Duration.ZERO, Clock.systemUTC()));
        CountDownLatch handedOff = new CountDownLatch(1);
        HistoryReader reader = catchingUp("closed-early", sink, monitor, handedOff);
        reader.readAhead();
        await().atMost(Duration.ofSeconds(30)).until(() -> !sink.encoded.isEmpty());

        reader.close(); // as when the sink cannot be prepared

        assertThat(sink.deliveries).hasValue(0);
        assertThat(handedOff.getCount()).isEqualTo(1);
        // its claim released: another instance (or the pooled processor) can take the position
        assertThat(jdbc.queryForList("select owner from token_entry where processor_name = ?", String.class,
                "sync-task:closed-early")).containsExactly((String) null);
        monitor.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKafkaSinkPublishesStoredEventsWithoutReadingThemAsItPublishesTheEvents() throws Exception {
        String id = ((ThingAccepted) commands.sendAndWait(new CreateThing("stored \"lamp\" ✓", 2.5))).thing().id();
        commands.sendAndWait(new UpdateThing(id, "stored lamp, renamed", 7.5, 1L));
        String gone = ((ThingAccepted) commands.sendAndWait(new CreateThing("stored, then deleted", -1.5))).thing().id();
        commands.sendAndWait(new DeleteThing(gone, 1L));
        KafkaSink kafka = new KafkaSink(List.of(new KafkaSink.Topic("s.events", KafkaFormat.EVENTS),
                new KafkaSink.Topic("s.state", KafkaFormat.STATE)), () -> {
                    throw new AssertionError("nothing is sent");
                }, null, "unused:9092");
        StoredRecordingSink sink = new StoredRecordingSink(kafka);
        TaskMonitor monitor = new TaskMonitor("stored", new SimpleMeterRegistry(), Clock.systemUTC(),
                new DeliverySpans(Tracer.NOOP, null, Duration.ZERO, Clock.systemUTC()));
        CountDownLatch handedOff = new CountDownLatch(1);
        HistoryReader reader = catchingUp("stored", sink, monitor, handedOff);
        List<RecordedEvent> reads;
        try (RecordedEvents recording = RecordedEvents.of(HistoryReadEvent.NAME)) {
            reader.start();
            assertThat(handedOff.await(30, TimeUnit.SECONDS)).as("caught up").isTrue();
            reads = recording.stop();
        } finally {
            reader.close();
            monitor.close();
        }

        // every Thing event went out as the records its bound event makes; this test's from their stored payloads
        List<Object> expected = new ArrayList<>();
        try (var history = events.scoped().readHistory(null)) {
            TaskPipeline pipeline = new TaskPipeline(definition("stored"));
            history.flatMap(List::stream).forEach(event -> pipeline.apply(event.getPayload()).ifPresent(change ->
                    expected.add(kafka.encode(change))));
        }
        assertThat(sink.encodings).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            List<ProducerRecord<String, byte[]>> want = (List<ProducerRecord<String, byte[]>>) expected.get(i);
            List<ProducerRecord<String, byte[]>> got = (List<ProducerRecord<String, byte[]>>) sink.encodings.get(i);
            assertThat(got).hasSameSizeAs(want);
            for (int r = 0; r < want.size(); r++) {
                assertThat(got.get(r).key()).isEqualTo(want.get(r).key());
                assertThat(got.get(r).value()).as("record %d of change %d", r, i).isEqualTo(want.get(r).value());
                assertThat(got.get(r).headers()).isEqualTo(want.get(r).headers());
            }
        }
        assertThat(sink.fromStore).contains(id + "@1", id + "@2", gone + "@1", gone + "@2");
        // and the read says so (as the benchmarks print it)
        assertThat(reads).filteredOn(read -> "sync-task:stored".equals(read.getString("processor")))
                .singleElement().satisfies(read ->
                        assertThat(read.getLong("encodedFromStore")).isEqualTo(sink.fromStore.size()));
    }

    /** Delivers nothing: keeps what a Kafka sink encoded for each change, in order. */
    private static final class StoredRecordingSink implements EncodesStored<List<ProducerRecord<String, byte[]>>> {

        final KafkaSink kafka;
        final List<Object> encodings = new CopyOnWriteArrayList<>();
        /** The changes (id@version) encoded from stored payloads. */
        final Set<String> fromStore = ConcurrentHashMap.newKeySet();

        StoredRecordingSink(KafkaSink kafka) {
            this.kafka = kafka;
        }

        @Override
        public void prepare() {
        }

        @Override
        public Encoded<List<ProducerRecord<String, byte[]>>> encodeStored(Class<?> eventType, byte[] payload,
                                                                         String traceparent) {
            Encoded<List<ProducerRecord<String, byte[]>>> stored = kafka.encodeStored(eventType, payload, traceparent);
            if (stored != null) {
                fromStore.add(stored.thingId() + "@" + stored.version());
            }
            return stored;
        }

        @Override
        public List<ProducerRecord<String, byte[]>> encode(SinkChange change) {
            return kafka.encode(change);
        }

        @Override
        public void deliver(List<SinkChange> batch, Duration timeout) {
            throw new AssertionError("every change is encoded ahead");
        }

        @Override
        public void deliverEncoded(List<List<ProducerRecord<String, byte[]>>> batch, Duration timeout) {
            encodings.addAll(batch);
        }

        @Override
        public String describe() {
            return "stored recording";
        }

        @Override
        public void close() {
        }
    }

    private static SyncTaskDefinition definition(String taskId) {
        return SyncTaskRules.withDefaults(new SyncTaskDefinition(new SinkSpec(
                new KafkaSinkSpec(List.of(new KafkaTopicSpec(taskId, KafkaFormat.EVENTS)))), null, null,
                new TaskOptions(100, 10_000L, 1, 1)));
    }

    /**
     * A catch-up of task {@code taskId} from the first event into {@code sink}, with a delivery limit that lets the
     * whole test history wait in its queue.
     */
    private HistoryReader catchingUp(String taskId, Sink sink, TaskMonitor monitor, CountDownLatch handedOff) {
        SyncTaskDefinition definition = definition(taskId);
        String name = "sync-task:" + taskId;
        LiveEventSource.Scoped history = events.scoped();
        TaskDelivery delivery = new TaskDelivery(taskId, definition, sink, monitor, deadLetters.of(name),
                history::payloadAsStored);
        return HistoryReader.catchingUp(taskId, name, 1, 0, 1_000_000, definition, delivery, monitor, history,
                tokens, transactions, handedOff::countDown);
    }

    /** Records what the reader encodes ahead and what it delivers. */
    private static final class RecordingSink implements EncodesAhead<String> {

        final Set<String> encoded = ConcurrentHashMap.newKeySet();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final AtomicInteger deliveries = new AtomicInteger();

        @Override
        public void prepare() {
        }

        @Override
        public String encode(SinkChange change) {
            encoded.add(change.thingId());
            return change.thingId();
        }

        @Override
        public void deliver(List<SinkChange> batch, Duration timeout) {
            deliverEncoded(batch.stream().map(SinkChange::thingId).toList(), timeout);
        }

        @Override
        public void deliverEncoded(List<String> batch, Duration timeout) {
            deliveries.incrementAndGet();
            delivered.addAll(batch);
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }
}
