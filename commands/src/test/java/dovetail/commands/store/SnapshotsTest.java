package dovetail.commands.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The snapshotter's executor when snapshots come faster than one thread takes them. */
class SnapshotsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ThreadPoolExecutor full = Snapshots.executor(1);
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();

    @AfterEach
    void stop() {
        release.countDown();
        full.shutdownNow();
        store.shutDown();
    }

    @Test
    void aRefusedSnapshotIsAskedForAgainNotForgotten() throws Exception {
        full.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        full.execute(() -> { });
        AtomicInteger asked = new AtomicInteger();
        Executor counting = task -> {
            asked.incrementAndGet();
            full.execute(task);
        };
        AggregateSnapshotter snapshotter = AggregateSnapshotter.builder().eventStore(store).executor(counting)
                .aggregateFactories(List.of()).build();

        for (int threshold = 0; threshold < 2; threshold++) {
            assertThatThrownBy(() -> snapshotter.scheduleSnapshot(Object.class, "42"))
                    .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("next threshold");
        }
        // dropped in silence, Axon would still take the first for under way and never ask again
        assertThat(asked).hasValue(2);
    }
}
