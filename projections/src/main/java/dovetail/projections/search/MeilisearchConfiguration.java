package dovetail.projections.search;

import com.meilisearch.sdk.Client;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Meilisearch client (no call is made at start-up) and the index operations built on it. */
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
}
