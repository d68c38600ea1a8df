package dovetail.projections.synctask;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.common.stream.BlockingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The event store as the task processors read it, telling them as soon as new events arrive. Axon's embedded
 * store offers no such callback, so an idle pooled processor looks for new events only every 500 ms; that wait
 * was most of a mutation's way into the search index. A watcher tails the store (woken by every local commit, and
 * by the store's own poll for events other instances wrote) and wakes every open stream's processor.
 */
@Component
class LiveEventSource implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveEventSource.class);

    private final EventStore events;
    private final StoreHistory history;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean running = true;

    LiveEventSource(EventStore events, StoreHistory history) {
        this.events = events;
        this.history = history;
        this.watcher = new Thread(this::watch, "event-store-watcher");
        this.watcher.setDaemon(true);
        this.watcher.start();
    }

    /**
     * A view for one processor, which can also wake it: Axon's pooled processor buffers at most 1,024 events per
     * segment and, when a buffer is full, looks again only 100 ms later. Waking it when a batch has committed lets
     * it refill at once, which is what keeps a task catching up on a long history near the sink's own speed.
     */
    Scoped scoped() {
        return new Scoped();
    }

    final class Scoped implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final Set<NotifyingStream> streams = ConcurrentHashMap.newKeySet();

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            NotifyingStream stream = new NotifyingStream(events.openStream(token), streams);
            streams.add(stream);
            return stream;
        }

        /**
         * The events after {@code token} up to the head as it is read, straight from the store's table, a batch of
         * rows at a time: the fast way through a long history (see {@link StoreHistory}); {@link #openStream} then
         * follows the head.
         */
        Stream<List<TrackedEventMessage<?>>> readHistory(TrackingToken token) {
            return history.readBatches(token);
        }

        /** An event's payload as stored (see {@link StoreHistory#payloadAsStored}). */
        byte[] payloadAsStored(EventMessage<?> event) {
            return history.payloadAsStored(event);
        }

        @Override
        public TrackingToken createTailToken() {
            return events.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return events.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(java.time.Instant dateTime) {
            return events.createTokenAt(dateTime);
        }

        void wake() {
            streams.forEach(NotifyingStream::wake);
        }
    }

    @Override
    public void destroy() {
        running = false;
        watcher.interrupt();
    }

    private void watch() {
        while (running) {
            try (BlockingStream<TrackedEventMessage<?>> tail = events.openStream(events.createHeadToken())) {
                while (running) {
                    if (tail.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        while (tail.hasNextAvailable()) {
                            tail.nextAvailable();
                        }
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Lost track of new events; watching again", e);
                }
            }
        }
    }

    private final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final Set<NotifyingStream> owner;
        private volatile Runnable callback;

        NotifyingStream(BlockingStream<TrackedEventMessage<?>> delegate, Set<NotifyingStream> owner) {
            this.delegate = delegate;
            this.owner = owner;
        }

        void wake() {
            Runnable registered = callback;
            if (registered != null) {
                registered.run();
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
            owner.remove(this);
            delegate.close();
        }
    }
}
