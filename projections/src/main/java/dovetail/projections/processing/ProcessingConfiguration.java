package dovetail.projections.processing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event processing rules shared by every projection. A failing handler must never be skipped silently: Axon's
 * default logs the error and moves the token on, losing the event for that projection. Propagating makes the
 * read model's failure roll back the command that caused it, and makes streaming processors retry with back-off.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    @Bean
    ConfigurerModule propagateHandlerFailures() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
