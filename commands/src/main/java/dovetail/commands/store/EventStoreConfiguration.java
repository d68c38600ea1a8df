package dovetail.commands.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dovetail.commands.erasure.EncryptingJacksonSerializer;
import dovetail.commands.erasure.ErasureConfiguration;
import dovetail.commands.erasure.ThingFieldEncryption;
import dovetail.domain.store.PositionGaps;
import java.time.Clock;
import java.util.Map;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
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
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.util.ClassUtils;

/**
 * The write side's infrastructure: the JPA event store on PostgreSQL (tables owned by Flyway), and a command
 * gateway that retries a command which lost an append race, so that it then meets the version check.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CommandProperties.class, EventStoreProperties.class})
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
@Import(ErasureConfiguration.class)
public class EventStoreConfiguration {

    /**
     * The general serializer, and so also the messages' and the events' (Jackson too, see {@code axon.serializer}):
     * Axon's Jackson serializer on the mapper Axon's auto-configuration would choose, with its lookups kept
     * ({@link CachingJacksonSerializer}), writing the protected fields of Thing events encrypted
     * ({@link EncryptingJacksonSerializer}). Always Jackson, whatever {@code axon.serializer.general} says: the event
     * store, the token store and the dead-letter queues hold JSON.
     */
    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver, Map<String, ObjectMapper> mappers,
                          ThingFieldEncryption encryption) {
        ObjectMapper mapper = mappers.containsKey("defaultAxonObjectMapper") ? mappers.get("defaultAxonObjectMapper")
                : mappers.values().iterator().next();
        return new EncryptingJacksonSerializer(JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(ClassUtils.getDefaultClassLoader()))
                .objectMapper(mapper), encryption);
    }

    /**
     * Axon's JPA storage engine as Spring Boot would build it, but reading events in larger batches: the default
     * of 100 rows a query makes a processor catching up on a long history spend most of its time on round trips.
     * Its positions keep gaps as {@link PositionGaps} says, as the sync tasks' history readers compute them.
     * Snapshots are written by the events' serializer, read only in the shape their aggregate has now, and passed
     * over when they do not bind ({@link Snapshots}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager, EventStoreProperties properties,
                                          RevisionResolver revisionResolver) {
        return new SnapshotReadingEngine(JpaEventStorageEngine.builder()
                .snapshotSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter()
                        .combine(new CurrentSnapshotShape(eventSerializer, revisionResolver)))
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .batchSize(properties.readBatchSize())
                .maxGapOffset(PositionGaps.MAX_GAP_OFFSET)
                .gapTimeout(PositionGaps.GAP_TIMEOUT_MILLIS)
                .lowestGlobalSequence(PositionGaps.LOWEST_GLOBAL_SEQUENCE));
    }

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

    /** The connection pool gave up waiting for a connection: the database is unreachable or overloaded. */
    static boolean noConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
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
                        // the pool already waited its connection timeout: another try would only wait it again
                        .addNonTransientFailurePredicate(EventStoreConfiguration::noConnection)
                        .build())
                .build();
    }
}
