package dovetail.graphql.support;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.pagination.CursorStrategy;

/**
 * Keyset positions as cursors: the keys of the last row seen, form-encoded (base64 is added on top by
 * {@link GraphQlSchemaConfiguration}). Replaces Spring for GraphQL's JSON keyset cursor, which writes Java class
 * names into every cursor it hands to clients. Every key value comes back as a string; the reader parses it.
 */
class KeysetCursors implements CursorStrategy<ScrollPosition> {

    @Override
    public boolean supports(Class<?> targetType) {
        return ScrollPosition.class.isAssignableFrom(targetType);
    }

    @Override
    public String toCursor(ScrollPosition position) {
        if (!(position instanceof KeysetScrollPosition keyset) || keyset.getKeys().isEmpty()) {
            throw new IllegalArgumentException("only keyset positions become cursors");
        }
        String form = keyset.getKeys().entrySet().stream()
                .map(key -> encode(key.getKey()) + "=" + encode(String.valueOf(key.getValue())))
                .collect(Collectors.joining("&"));
        return form;
    }

    @Override
    public ScrollPosition fromCursor(String form) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new BadArgument("after", "is not a cursor of this list");
            }
            keys.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
        }
        return ScrollPosition.forward(keys);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new BadArgument("after", "is not a cursor of this list");
        }
    }
}
