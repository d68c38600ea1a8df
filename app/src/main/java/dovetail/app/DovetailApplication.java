package dovetail.app;

import dovetail.app.backup.BackupCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/** The Dovetail server: GraphQL API, write side, projections; or one of the operator's backup commands. */
@SpringBootApplication(scanBasePackages = "dovetail")
public class DovetailApplication {

    public static void main(String[] args) {
        // Axon's update checker would call out to the internet and write to the home folder
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (BackupCommand.handles(args)) {
            // an operator's command prints its own outcome; the libraries' start-up chatter is not part of it
            LoggingSystem.get(DovetailApplication.class.getClassLoader())
                         .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
            System.exit(BackupCommand.run(System.out, args));
        }
        SpringApplication.run(DovetailApplication.class, args);
    }
}
