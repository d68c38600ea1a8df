package dovetail.embedded.spring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks that development mode's fixed engine ports are free before any engine starts. */
final class EnginePorts {

    /** One engine's fixed port, and the setting that chose it. */
    record Wanted(String engine, int port, String property) {
    }

    private EnginePorts() {
    }

    /** Throws {@link EnginePortInUse} for the first port (0 means "pick a free one", always fine) already taken. */
    static void requireFree(Iterable<Wanted> ports) {
        for (Wanted wanted : ports) {
            if (wanted.port() != 0 && !free(wanted.port())) {
                throw new EnginePortInUse(wanted.engine(), wanted.port(), wanted.property());
            }
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
