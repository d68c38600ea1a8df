package dovetail.functions.aws;

import dovetail.functions.thing.ThingFunctions;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The Thing command functions ({@code createThing}, {@code updateThing}, {@code deleteThing}) as an AWS Lambda
 * application, needing only PostgreSQL: the Thing aggregate, id allocation and event store from {@code commands},
 * and the Thing read model, which every command updates in its own transaction as the server does. Search, sync
 * tasks and Kafka are left out; the server's sync tasks publish what the Lambda writes, as they do for any writer.
 * AWS runs it through Spring Cloud Function's {@code FunctionInvoker}, which finds this class as {@code Start-Class}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan({"dovetail.commands.thing", "dovetail.commands.store", "dovetail.projections.thing"})
@Import(ThingFunctions.class)
public class ThingLambda {

    public static void main(String[] args) {
        // Axon's update checker would call out to the internet and write to the home folder
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(ThingLambda.class, args);
    }

    /**
     * A read-model failure must roll the command back, as on the server: Axon's default would log it and commit
     * the event without its row.
     */
    @Bean
    ConfigurerModule propagateHandlerFailures() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
