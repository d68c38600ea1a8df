package dovetail.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A local OTLP/HTTP trace endpoint for the benchmarks that export spans: it takes every POST to {@code /v1/traces} with
 * 200, as a collector does, and only counts what it got (requests, bytes as sent, spans by name), so a run can show
 * that its spans left the process, how many a request makes, and which.
 */
final class TraceReceiver implements AutoCloseable {

    /** Field numbers from a request down to its spans: ResourceSpans (1), ScopeSpans (2), Span (2). */
    private static final int[] SPANS = {1, 2, 2};
    private static final int SPAN_NAME = 5;

    private final HttpServer server;
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder spans = new LongAdder();
    private final Map<String, LongAdder> names = new ConcurrentHashMap<>();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver on a free loopback port, answering at once. */
    static TraceReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TraceReceiver receiver = new TraceReceiver(server);
        server.createContext("/v1/traces", receiver::take);
        server.start();
        return receiver;
    }

    /** The URL to give {@code management.otlp.tracing.endpoint}. */
    String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1/traces";
    }

    /** What has been received so far. */
    Counts counts() {
        return new Counts(requests.sum(), bytes.sum(), spans.sum());
    }

    private void take(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.increment();
            bytes.add(body.length);
            boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            eachSpan(ByteBuffer.wrap(gzipped ? gunzip(body) : body), 0, this::count);
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return unzipped.readAllBytes();
        }
    }

    private void count(ByteBuffer span) {
        spans.increment();
        eachField(span, (field, value) -> {
            if (field == SPAN_NAME) {
                names.computeIfAbsent(StandardCharsets.UTF_8.decode(value).toString(), name -> new LongAdder())
                        .increment();
            }
        });
    }

    /** How many spans of each name have been received so far. */
    Map<String, Long> names() {
        Map<String, Long> counts = new HashMap<>();
        names.forEach((name, count) -> counts.put(name, count.sum()));
        return counts;
    }

    /** Hands each message at {@link #SPANS} from {@code depth} down in this protobuf message to {@code span}. */
    private static void eachSpan(ByteBuffer message, int depth, Consumer<ByteBuffer> span) {
        eachField(message, (field, value) -> {
            if (field == SPANS[depth]) {
                if (depth == SPANS.length - 1) {
                    span.accept(value);
                } else {
                    eachSpan(value, depth + 1, span);
                }
            }
        });
    }

    /** Hands each length-delimited field of this protobuf message to {@code field}, skipping the others. */
    private static void eachField(ByteBuffer message, BiConsumer<Integer, ByteBuffer> field) {
        while (message.hasRemaining()) {
            long key = varint(message);
            switch ((int) (key & 7)) {
                case 0 -> varint(message);
                case 1 -> message.position(message.position() + 8);
                case 5 -> message.position(message.position() + 4);
                case 2 -> {
                    int length = (int) varint(message);
                    ByteBuffer value = message.slice(message.position(), length);
                    message.position(message.position() + length);
                    field.accept((int) (key >>> 3), value);
                }
                default -> throw new IllegalArgumentException("not an OTLP protobuf body: wire type " + (key & 7));
            }
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = in.get();
            value |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Requests, bytes (as sent) and spans received. */
    record Counts(long requests, long bytes, long spans) {

        Counts plus(Counts more) {
            return new Counts(requests + more.requests, bytes + more.bytes, spans + more.spans);
        }

        Counts since(Counts earlier) {
            return new Counts(requests - earlier.requests, bytes - earlier.bytes, spans - earlier.spans);
        }

        String describe() {
            return String.format("OTLP receiver: %,d request(s), %,.1f kB, %,d span(s)", requests, bytes / 1e3, spans);
        }
    }
}
