package dovetail.commands.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How many events one query of the event store reads (for processors catching up, and for aggregates). */
@Validated
@ConfigurationProperties("dovetail.event-store")
record EventStoreProperties(@DefaultValue("2000") @Min(10) @Max(50_000) int readBatchSize) {
}
