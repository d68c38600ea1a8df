package dovetail.projections.processing;

import java.time.Clock;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event processing rules shared by every projection. A failing handler must never be skipped silently: Axon's
 * default logs the error and moves the token on, losing the event for that projection. Propagating makes the
 * read model's failure roll back the command that caused it, and makes streaming processors retry with back-off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InstanceProperties.class)
public class ProcessingConfiguration {

    @Bean
    Instances instances(JdbcTemplate jdbc, InstanceProperties properties) {
        return new Instances(jdbc, Clock.systemUTC(), properties.id(), properties.heartbeatExpiry());
    }

    /** Axon's own token store, but owned by this instance's id: the default (pid@host) is shared by two instances in one JVM. */
    @Bean
    TokenStore tokenStore(@Qualifier("serializer") Serializer serializer, EntityManagerProvider entityManagers,
                          Instances instances, InstanceProperties properties) {
        return JpaTokenStore.builder().entityManagerProvider(entityManagers).serializer(serializer)
                            .nodeId(instances.id()).claimTimeout(properties.claimTimeout()).build();
    }

    @Bean
    ConfigurerModule propagateHandlerFailures() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
