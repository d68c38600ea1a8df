package dovetail.commands.store;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * After how many events loaded or applied a Thing or a sync task is snapshotted: its state is stored beside its
 * events, and the next load reads that state and only the events after it.
 */
@Validated
@ConfigurationProperties("dovetail.snapshots")
record SnapshotProperties(@DefaultValue("100") @Positive int threshold) {
}
