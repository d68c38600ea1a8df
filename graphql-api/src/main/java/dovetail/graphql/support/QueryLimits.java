package dovetail.graphql.support;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.TimeoutWebGraphQlInterceptor;

/**
 * Refuses queries nested deeper, asking more fields or running more mutations than {@link GraphQlLimits} allows,
 * before they run, and ends a request that runs longer than its timeout: one client cannot tie up the server.
 */
@Configuration(proxyBeanMethods = false)
class QueryLimits {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(GraphQlLimits limits) {
        return new MaxQueryDepthInstrumentation(limits.maxDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(GraphQlLimits limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxComplexity());
    }

    @Bean
    MutationLimit mutationLimit(GraphQlLimits limits) {
        return new MutationLimit(limits.maxMutations());
    }

    @Bean
    TimeoutWebGraphQlInterceptor requestTimeout(GraphQlLimits limits) {
        return new TimeoutWebGraphQlInterceptor(limits.timeout());
    }
}
