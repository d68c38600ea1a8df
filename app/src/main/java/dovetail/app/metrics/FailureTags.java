package dovetail.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer labels a failed request or task with the Java class of its exception ({@code exception} and
 * {@code error}, e.g. {@code CannotCreateTransactionException}), which Prometheus shows to any token holder. The
 * labels name the kind of failure instead: {@code none}, {@code timeout}, {@code database}, {@code unreachable},
 * {@code not_found}, {@code denied}, {@code bad_request} or {@code failed}; the log keeps the exception. Only the
 * class's simple name reaches a meter filter, so the kind is read from it.
 */
@Configuration(proxyBeanMethods = false)
class FailureTags {

    private static final Set<String> KEYS = Set.of("exception", "error");
    private static final List<Kind> KINDS = List.of(
            new Kind("timeout", "timeout"),
            new Kind("database", "jdbc", "sql", "dataaccess", "transaction", "persistence"),
            new Kind("unreachable", "connect", "unknownhost", "noroute", "socket"),
            new Kind("not_found", "notfound", "noresourcefound", "nohandlerfound"),
            new Kind("denied", "accessdenied", "authentication", "authorization"),
            new Kind("bad_request", "notreadable", "mediatype", "notacceptable", "argument", "validation", "binding",
                    "missing"));

    private record Kind(String name, String... hints) {
    }

    @Bean
    MeterFilter failureKinds() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                List<Tag> tags = new ArrayList<>();
                boolean changed = false;
                for (Tag tag : id.getTagsAsIterable()) {
                    String value = KEYS.contains(tag.getKey()) ? kind(tag.getValue()) : tag.getValue();
                    changed |= !value.equals(tag.getValue());
                    tags.add(Tag.of(tag.getKey(), value));
                }
                return changed ? id.replaceTags(tags) : id;
            }
        };
    }

    static String kind(String exception) {
        String name = exception.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.equals("none")) {
            return exception;
        }
        for (Kind kind : KINDS) {
            for (String hint : kind.hints()) {
                if (name.contains(hint)) {
                    return kind.name();
                }
            }
        }
        return "failed";
    }
}
