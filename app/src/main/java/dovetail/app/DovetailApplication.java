package dovetail.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Dovetail server: GraphQL API, write side, projections. */
@SpringBootApplication(scanBasePackages = "dovetail")
public class DovetailApplication {

    public static void main(String[] args) {
        // Axon's update checker would call out to the internet and write to the home folder
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(DovetailApplication.class, args);
    }
}
