package dovetail.app.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bearer tokens and their roles. Give each token as its SHA-256 ({@code sha256}, hex) or, from the environment
 * only, as the secret itself ({@code value}), which is hashed at start and never kept or logged.
 * {@code enabled=false} opens every endpoint, with a warning at start.
 */
@Validated
@ConfigurationProperties("dovetail.security")
record SecurityProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<@Valid Token> tokens) {

    record Token(@NotBlank String name, @NotNull Role role,
                 @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256)") String sha256,
                 String value) {
    }
}
