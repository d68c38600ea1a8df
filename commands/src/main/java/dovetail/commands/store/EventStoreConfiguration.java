package dovetail.commands.store;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryBuilderCustomizer;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The write side's infrastructure: the JPA event store on PostgreSQL (tables owned by Flyway), and a command
 * gateway that retries a command which lost an append race, so that it then meets the version check.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandProperties.class)
public class EventStoreConfiguration {

    @Bean
    HibernatePropertiesCustomizer byteaForAxonLobs() {
        return properties -> {
            properties.put("hibernate.dialect", ByteaPostgreSQLDialect.class.getName());
        };
    }

    @Bean
    EntityManagerFactoryBuilderCustomizer denseEventSequence() {
        return builder -> builder.setPersistenceUnitPostProcessors(
                unit -> unit.addMappingFileName("META-INF/dovetail-event-store-orm.xml"));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
                                  CommandProperties properties) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .maxRetryCount(properties.maxRetries())
                        .retryInterval((int) properties.retryInterval().toMillis())
                        .build())
                .build();
    }
}
