package dovetail.projections.thing;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the read model in the publishing thread, inside the command's transaction (read-your-writes). */
@Configuration(proxyBeanMethods = false)
class ThingViewConfiguration {

    @Bean
    ConfigurerModule subscribingThingView() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ThingViewProjection.PROCESSING_GROUP);
    }
}
