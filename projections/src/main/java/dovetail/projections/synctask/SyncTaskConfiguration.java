package dovetail.projections.synctask;

import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task table is written in the command's transaction, like the Thing read model. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncTaskProperties.class)
class SyncTaskConfiguration {

    @Bean
    ConfigurerModule subscribingSyncTaskTable() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(SyncTaskTable.PROCESSING_GROUP);
    }
}
