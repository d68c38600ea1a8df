package dovetail.graphql.support;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one GraphQL request may ask: body size, nesting depth, number of fields (complexity), number of mutations
 * and time. The depth default leaves room for GraphiQL's own schema query (13 levels).
 */
@Validated
@ConfigurationProperties("dovetail.graphql")
record GraphQlLimits(@DefaultValue("256KB") DataSize maxRequestSize,
                     @DefaultValue("15") @Min(2) @Max(100) int maxDepth,
                     @DefaultValue("1000") @Min(10) @Max(100_000) int maxComplexity,
                     @DefaultValue("10") @Min(1) @Max(1000) int maxMutations,
                     @DefaultValue("30s") Duration timeout) {
}
