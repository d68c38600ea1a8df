package dovetail.embedded.spring;

import dovetail.embedded.EmbeddedEngines;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;

/**
 * The development engines on their own, without a Dovetail instance, so that several instances (each a process of
 * its own) can share them on one machine: {@code mvn -q -pl embedded compile exec:java@engines}. Prints the settings
 * that point an instance at them, as shell {@code export} lines, and runs until stopped (Ctrl-C), then stops the
 * engines. Reads the same {@code dovetail.embedded.*} settings as development mode (system properties or
 * {@code DOVETAIL_EMBEDDED_*} variables), with the same data directory and ports by default.
 */
public final class StandaloneEngines {

    /** Development mode's own switches: instances started against these engines run as in production. */
    private static final String DEVELOPMENT_ONLY = "dovetail.development-mode";

    private StandaloneEngines() {
    }

    public static void main(String[] args) throws InterruptedException {
        // the engines' own INFO lines would bury the settings this prints; warnings and errors still show
        LoggingSystem logging = LoggingSystem.get(StandaloneEngines.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        DevelopmentEnginesSettings settings = DevelopmentEnginesSettings.from(new StandardEnvironment());
        EmbeddedEngines engines = DevelopmentEngines.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engines.close();
            stopped.countDown();
        }, "engines-stop"));
        Map<String, Object> properties = new java.util.LinkedHashMap<>(DevelopmentEngines.properties(engines.endpoints()));
        // the instances share the development key-encryption key, as development mode uses it
        properties.putAll(DevelopmentKeys.defaults());
        print(properties, settings, System.out);
        stopped.await();
    }

    static void print(Map<String, Object> properties, DevelopmentEnginesSettings settings, PrintStream out) {
        out.println("# Dovetail's engines run (data in " + settings.dataDirectory() + "); stop them with Ctrl-C.");
        out.println("# Point each instance at them with these settings:");
        properties.forEach((name, value) -> {
            if (!DEVELOPMENT_ONLY.equals(name)) {
                out.println("export " + variable(name) + "='" + value + "'");
            }
        });
        out.flush();
    }

    /** The variable Spring Boot reads a property from: {@code spring.kafka.bootstrap-servers} → {@code SPRING_KAFKA_BOOTSTRAPSERVERS}. */
    static String variable(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }
}
