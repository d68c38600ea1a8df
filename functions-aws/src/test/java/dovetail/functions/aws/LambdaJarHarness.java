package dovetail.functions.aws;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** Runs the handler once, as the Lambda runtime would: event from the file {@code args[0]}, answer to {@code args[1]}. */
public final class LambdaJarHarness {

    private LambdaJarHarness() {
    }

    public static void main(String[] args) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
             OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            new FunctionInvoker().handleRequest(in, out, null);
        }
        System.exit(0);
    }
}
