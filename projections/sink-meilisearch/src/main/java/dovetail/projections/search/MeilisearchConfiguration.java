package dovetail.projections.search;

import com.meilisearch.sdk.Client;
import dovetail.domain.synctask.KnownMeilisearchInstances;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Meilisearch clients (no call is made at start-up), one per configured instance, and the index operations built on them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MeilisearchProperties.class, SearchProperties.class})
class MeilisearchConfiguration {

    @Bean
    Client meilisearchClient(MeilisearchProperties properties) {
        return MeilisearchClients.create(properties);
    }

    @Bean
    MeilisearchIndexes meilisearchIndexes(Client meilisearchClient, MeilisearchProperties properties) {
        return new MeilisearchIndexes(meilisearchClient, properties);
    }

    @Bean
    MeilisearchInstances meilisearchInstances(MeilisearchIndexes meilisearchIndexes, MeilisearchProperties properties) {
        return new MeilisearchInstances(meilisearchIndexes, properties);
    }

    /** What task definitions may name (checked when a task is created or changed). */
    @Bean
    KnownMeilisearchInstances knownMeilisearchInstances(MeilisearchInstances instances) {
        return new KnownMeilisearchInstances(instances.names());
    }
}
