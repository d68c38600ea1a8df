package dovetail.functions.aws;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Runs the Lambda handler locally, as the Lambda runtime would, from the shaded jar: each argument is a file holding
 * one event (plain function JSON or an API Gateway proxy event), handled in turn by one {@link FunctionInvoker}; each
 * answer goes to standard output on a line of its own, and everything the application logs to standard error, with
 * how long the cold start (building the application context, with the first event) and each later event took. Configured like the Lambda, by environment
 * variables ({@code SPRING_DATASOURCE_URL}, {@code SPRING_CLOUD_FUNCTION_DEFINITION}, …).
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] events) throws Exception {
        if (events.length == 0) {
            System.err.println("Usage: java -cp dovetail-functions-aws-<version>-aws.jar " + LocalInvoke.class.getName()
                               + " <event.json>...");
            System.exit(2);
        }
        // answers alone on standard output; the application's logs go to standard error with the timings
        PrintStream answers = System.out;
        System.setOut(System.err);
        long start = System.nanoTime();
        FunctionInvoker invoker = new FunctionInvoker();
        for (int i = 0; i < events.length; i++) {
            long eventStart = System.nanoTime();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(events[i]))) {
                invoker.handleRequest(in, answer, null);
            }
            answers.println(answer.toString(StandardCharsets.UTF_8));
            answers.flush();
            long millis = (System.nanoTime() - (i == 0 ? start : eventStart)) / 1_000_000;
            System.err.printf("%s: %d ms%s%n", events[i], millis, i == 0 ? " (cold start: context and first event)" : "");
        }
        // the context's non-daemon threads (the event store's, Hikari's) would keep the JVM alive
        System.exit(0);
    }
}
