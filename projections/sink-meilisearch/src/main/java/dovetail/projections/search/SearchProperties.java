package dovetail.projections.search;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The index {@code SearchThings} reads, before {@code dovetail.meilisearch.index-prefix}. */
@Validated
@ConfigurationProperties("dovetail.search")
public record SearchProperties(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may hold only A-Z a-z 0-9 _ -") @DefaultValue("things") String thingsIndex) {
}
