package dovetail.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A class's main method in a JVM of its own, on this test's class path: a process a test can kill with -9. */
public record ChildJvm(Process process, BufferedReader output) {

    public static ChildJvm start(Class<?> main, String... arguments) throws IOException {
        String[] command = new String[4 + arguments.length];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = main.getName();
        System.arraycopy(arguments, 0, command, 4, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildJvm(process,
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
    }

    /** What follows {@code READY } on the first line that starts with it, waiting up to 90 s. */
    public String awaitReady() throws Exception {
        return CompletableFuture.supplyAsync(() -> output.lines()
                        .filter(line -> line.startsWith("READY "))
                        .findFirst()
                        .map(line -> line.substring("READY ".length()).trim())
                        .orElseThrow(() -> new AssertionError("the child JVM exited before it was ready")))
                .get(90, TimeUnit.SECONDS);
    }

    /** kill -9, and wait until the process is gone. */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(30, TimeUnit.SECONDS);
    }
}
