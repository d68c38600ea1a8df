package dovetail.projections.synctask;

import dovetail.domain.store.StoredBatchPreparation;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task table is written in the command's transaction, like the Thing read model. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SyncTaskProperties.class, ShutdownProperties.class})
class SyncTaskConfiguration {

    /** The history readers' way through the event store (the same batch size as the store's own reads). */
    @Bean
    StoreHistory storeHistory(DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer,
                              org.axonframework.config.Configuration axon,
                              @Value("${dovetail.event-store.read-batch-size:2000}") int batchSize,
                              ObjectProvider<StoredBatchPreparation> preparations) {
        return new StoreHistory(dataSource, eventSerializer, axon.upcasterChain(), batchSize,
                preparations.orderedStream().toList());
    }

    @Bean
    ConfigurerModule subscribingSyncTaskTable() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(SyncTaskTable.PROCESSING_GROUP);
    }
}
