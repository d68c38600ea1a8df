package dovetail.projections.search;

import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Config;
import com.meilisearch.sdk.HttpClient;
import com.meilisearch.sdk.http.CustomOkHttpClient;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds meilisearch-java clients whose HTTP calls have explicit timeouts and TCP_NODELAY.
 *
 * <p>meilisearch-java 0.15.0 always builds its own {@code new OkHttpClient()}: OkHttp 4.12 never sets TCP_NODELAY
 * (Nagle's algorithm plus delayed ACKs gives a ~40 ms floor once a request is written in more than one segment, as
 * a document batch over 8 KiB is), and its defaults are 10 s connect/read/write with no bound on a whole call. The
 * SDK has no hook for another OkHttp client ({@code Config.httpClient} is final and built in the constructor), so
 * the OkHttp client inside the SDK's {@code HttpClient} is replaced once, reflectively. If a later SDK version moves
 * that field, the client still works with the SDK's defaults and a warning is logged;
 * {@code MeilisearchClientsTest} notices.
 */
public final class MeilisearchClients {

    private static final Logger log = LoggerFactory.getLogger(MeilisearchClients.class);

    private MeilisearchClients() {
    }

    /** A client for {@code properties.url()}; every call is bounded by {@code properties.requestTimeout()}. */
    public static Client create(MeilisearchProperties properties) {
        Config config = new Config(properties.url(), properties.apiKey() == null ? "" : properties.apiKey());
        tune(config, okHttp(properties.requestTimeout()));
        return new Client(config);
    }

    static OkHttpClient okHttp(Duration requestTimeout) {
        return new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .connectTimeout(requestTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(requestTimeout)
                .build();
    }

    /** Whether the client's HTTP calls go through a {@link #okHttp tuned} OkHttp client. */
    static boolean isTuned(Client client) {
        try {
            Config config = (Config) field(Client.class, "config").get(client);
            CustomOkHttpClient custom = (CustomOkHttpClient) field(HttpClient.class, "client").get(config.getHttpClient());
            OkHttpClient okHttp = (OkHttpClient) field(CustomOkHttpClient.class, "client").get(custom);
            return okHttp.socketFactory() instanceof NoDelaySocketFactory;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static void tune(Config config, OkHttpClient okHttp) {
        try {
            field(HttpClient.class, "client").set(config.getHttpClient(), new CustomOkHttpClient(config, okHttp));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Could not give the Meilisearch client explicit timeouts and TCP_NODELAY ({}); it uses the SDK's "
                    + "defaults: 10 s per read/write, no bound per call, Nagle's algorithm on", e.toString());
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** Sockets with Nagle's algorithm off: a request is sent whole at once, not after the peer's delayed ACK. */
    static final class NoDelaySocketFactory extends SocketFactory {

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
