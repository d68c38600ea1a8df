package dovetail.embedded.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dovetail.embedded.EmbeddedEngines;
import dovetail.embedded.EngineEndpoints;
import dovetail.embedded.kafka.KafkaLauncher;
import dovetail.embedded.meilisearch.MeilisearchLauncher;
import dovetail.embedded.postgres.PostgresDatabases;
import dovetail.embedded.postgres.PostgresLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Development mode: when no database is configured (or {@code dovetail.embedded.enabled=true}), starts real
 * PostgreSQL, Kafka and Meilisearch on 127.0.0.1 before the application context is created, and points the
 * application at them. The engines are started once per JVM and stopped after the application contexts close, or
 * at once when the application fails to start: nothing uses them then, and their threads would keep the JVM from
 * exiting after the failure was reported.
 */
public final class DevelopmentEnginesListener implements SmartApplicationListener {

    public static final String PROPERTY_SOURCE_NAME = "dovetailEmbeddedEngines";

    private static final Logger log = LoggerFactory.getLogger(DevelopmentEnginesListener.class);
    /** Their INFO output drowns the application's; an explicit logging.level.<name> wins. */
    private static final String[] CHATTY_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger", "io.zonky"};

    /**
     * System properties, not a static field: a DevTools restart loads this class again in a new class loader, in the
     * same JVM, where the engines already run.
     */
    private static final String STARTED = "dovetail.embedded.started.";
    /** The engines this class (in this class loader) started and still runs, and their stop at the JVM's exit. */
    private static EmbeddedEngines startedHere;
    private static Runnable stopOnExit;
    /** The database development mode keeps the embedded legacy store in. */
    public static final String LEGACY_DATABASE = "legacy";

    /** After the config data and logging set-up, so that application.yml is visible and our log line is formatted. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
               || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            environmentPrepared(prepared);
        } else if (event instanceof ApplicationFailedEvent) {
            stopAfterFailedStart();
        }
    }

    /**
     * The engines this class started, once the application that started them failed to start: stopped, and
     * forgotten, so that a next start in this JVM starts them again. Engines started by another class loader (before
     * a DevTools restart) are left running.
     */
    private static synchronized void stopAfterFailedStart() {
        EmbeddedEngines engines = startedHere;
        if (engines == null) {
            return;
        }
        startedHere = null;
        SpringApplication.getShutdownHandlers().remove(stopOnExit);
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(STARTED))
                .forEach(System::clearProperty);
        log.info("Development mode stops its embedded engines: the application did not start");
        engines.close();
    }

    private void environmentPrepared(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)
                // a Spring Cloud bootstrap context does not see the application's datasource settings
                || environment.getPropertySources().contains("bootstrap")) {
            return;
        }
        DevelopmentEnginesSettings settings = DevelopmentEnginesSettings.from(environment);
        if (!settings.enabledFor(environment)) {
            return;
        }
        EngineEndpoints started = startOnce(settings, environment, event.getSpringApplication().getClassLoader());
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
                DevelopmentEngines.properties(started)));
        // defaults a developer expects, at the lowest precedence so any configuration may still turn them off
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME + "Defaults",
                withDevelopmentKeys(Map.of("spring.graphql.graphiql.enabled", "true"))));
    }

    private static Map<String, Object> withDevelopmentKeys(Map<String, Object> defaults) {
        Map<String, Object> all = new LinkedHashMap<>(defaults);
        all.putAll(DevelopmentKeys.defaults());
        return all;
    }

    /** A child context or a restart fires the event again: the first one starts the engines, the others reuse them. */
    private static synchronized EngineEndpoints startOnce(DevelopmentEnginesSettings settings,
                                                          ConfigurableEnvironment environment,
                                                          ClassLoader classLoader) {
        if (System.getProperty(STARTED + "jdbc-url") != null) {
            return new EngineEndpoints(System.getProperty(STARTED + "jdbc-url"),
                    System.getProperty(STARTED + "username"), System.getProperty(STARTED + "password"),
                    System.getProperty(STARTED + "kafka-bootstrap-servers"),
                    System.getProperty(STARTED + "meilisearch-url"), System.getProperty(STARTED + "meilisearch-api-key"),
                    instances(System.getProperty(STARTED + "meilisearch-instances", "")));
        }
        quietChattyLoggers(environment, classLoader);
        EmbeddedEngines engines = DevelopmentEngines.start(settings);
        startedHere = engines;
        stopOnExit = engines::close;
        // Boot runs these after it has closed the application contexts, so nothing talks to a stopped engine
        SpringApplication.getShutdownHandlers().add(stopOnExit);
        EngineEndpoints endpoints = engines.endpoints();
        System.setProperty(STARTED + "jdbc-url", endpoints.jdbcUrl());
        System.setProperty(STARTED + "username", endpoints.username());
        System.setProperty(STARTED + "password", endpoints.password());
        System.setProperty(STARTED + "kafka-bootstrap-servers", endpoints.kafkaBootstrapServers());
        System.setProperty(STARTED + "meilisearch-url", endpoints.meilisearchUrl());
        if (endpoints.meilisearchApiKey() != null) {
            System.setProperty(STARTED + "meilisearch-api-key", endpoints.meilisearchApiKey());
        }
        System.setProperty(STARTED + "meilisearch-instances", endpoints.meilisearchInstances().entrySet().stream()
                .map(instance -> instance.getKey() + "=" + instance.getValue()).collect(Collectors.joining(",")));
        log.info("Development mode uses embedded engines (data in {}): PostgreSQL {}, Kafka {}, Meilisearch {}{}",
                settings.dataDirectory(), endpoints.jdbcUrl(), endpoints.kafkaBootstrapServers(),
                endpoints.meilisearchUrl(), endpoints.meilisearchInstances().isEmpty() ? ""
                        : " and instances " + endpoints.meilisearchInstances());
        return endpoints;
    }

    private static Map<String, String> instances(String recorded) {
        Map<String, String> instances = new LinkedHashMap<>();
        for (String entry : recorded.split(",")) {
            if (entry.contains("=")) {
                instances.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        return instances;
    }

    private static void quietChattyLoggers(ConfigurableEnvironment environment, ClassLoader classLoader) {
        LoggingSystem logging = LoggingSystem.get(classLoader);
        for (String logger : CHATTY_LOGGERS) {
            if (!environment.containsProperty("logging.level." + logger)) {
                logging.setLogLevel(logger, LogLevel.WARN);
            }
        }
    }
}
