package dovetail.embedded;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping the engine processes we start (or find left over from a killed run): politely first, then by force. */
public final class Processes {

    private Processes() {
    }

    /** Waits until the process has exited; false when it is still alive after {@code timeout}. */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; true when it is gone. */
    public static boolean terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        return awaitExit(process, grace);
    }
}
