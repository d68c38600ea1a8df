package dovetail.bench;

import dovetail.projections.synctask.StoreHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Reading the event store's history, as a task catching up does, three ways in the same run: through the event
 * store (Axon's JPA storage engine, as the pooled processors read it), through {@link StoreHistory} (as the history
 * reader reads it), and as bare JDBC rows of the same query (the floor), and of positions and payloads alone (what
 * any reader of the store reads at the least). Each without and with the payloads deserialized, best of
 * {@code bench.runs} runs after as many unmeasured ones.
 */
final class ReadBench {

    private ReadBench() {
    }

    static void run(int things, int runs) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.start(true, false)) {
            System.out.printf("appending %,d Thing events ...%n", things);
            ProjectionBench.append(dovetail.bean(CommandGateway.class), things);
            EventStore store = dovetail.bean(EventStore.class);
            StoreHistory history = dovetail.bean(StoreHistory.class);
            DataSource dataSource = dovetail.bean(DataSource.class);
            long[] best = new long[6];
            Arrays.fill(best, Long.MAX_VALUE);
            for (int run = -runs; run < runs; run++) {
                long[] nanos = {
                    time(() -> eventStore(store, false)), time(() -> eventStore(store, true)),
                    time(() -> history(history, false)), time(() -> history(history, true)),
                    time(() -> rows(dataSource, ALL_COLUMNS)), time(() -> rows(dataSource, "global_index, payload"))};
                if (run >= 0) {
                    for (int i = 0; i < best.length; i++) {
                        best[i] = Math.min(best[i], nanos[i]);
                    }
                }
            }
            System.out.printf("read %,d events, best of %d: event store %d ms (with payloads %d ms); "
                    + "store history %d ms (with payloads %d ms); bare JDBC rows %d ms (positions and payloads alone "
                    + "%d ms)%n", things, runs, best[0] / 1_000_000, best[1] / 1_000_000, best[2] / 1_000_000,
                    best[3] / 1_000_000, best[4] / 1_000_000, best[5] / 1_000_000);
            System.out.printf("store history ÷ event store: %.2f (with payloads %.2f)%n",
                    (double) best[2] / best[0], (double) best[3] / best[1]);
        }
    }

    private interface Read {
        long read() throws Exception;
    }

    private static long time(Read read) throws Exception {
        long start = System.nanoTime();
        long events = read.read();
        if (events == 0) {
            throw new IllegalStateException("nothing read");
        }
        return System.nanoTime() - start;
    }

    private static long eventStore(EventStore store, boolean payloads) throws InterruptedException {
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            while (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (payloads) {
                    event.getPayload();
                }
                read++;
            }
        }
        return read;
    }

    private static long history(StoreHistory history, boolean payloads) {
        long[] read = {0};
        history.readFrom(null).forEach(event -> {
            if (payloads) {
                event.getPayload();
            }
            read[0]++;
        });
        return read[0];
    }

    /** Every column of the store's event table, as the store's own reads select them. */
    private static final String ALL_COLUMNS = "global_index, type, aggregate_identifier, sequence_number, "
            + "event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data";

    /** The rows' columns (the first is the position), each read as bytes or text, 2,000 rows per query. */
    private static long rows(DataSource dataSource, String columns) throws Exception {
        long read = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select " + columns
                     + " from domain_event_entry where global_index > ? order by global_index limit 2000")) {
            long last = -1;
            int rows;
            do {
                query.setLong(1, last);
                rows = 0;
                try (ResultSet result = query.executeQuery()) {
                    ResultSetMetaData described = result.getMetaData();
                    while (result.next()) {
                        last = result.getLong(1);
                        for (int column = 2; column <= described.getColumnCount(); column++) {
                            if (described.getColumnType(column) == Types.BINARY) {
                                result.getBytes(column);
                            } else {
                                result.getString(column);
                            }
                        }
                        rows++;
                    }
                }
                read += rows;
            } while (rows == 2000);
        }
        return read;
    }
}
