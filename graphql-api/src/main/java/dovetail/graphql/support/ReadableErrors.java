package dovetail.graphql.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * GraphQL Java writes some validation and coercion messages with its own class names in them (an argument's value
 * as {@code StringValue{value='ten'}}, "Expected an AST type of 'IntValue'", a variable that "was a 'LinkedHashMap'").
 * This rewrites them in GraphQL's own words: the value as it was written ({@code "ten"}) and the kind of value
 * expected and found. Messages without such names pass unchanged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReadableErrors implements WebGraphQlInterceptor {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("StringValue", "a string"), Map.entry("String", "a string"),
            Map.entry("IntValue", "an integer"), Map.entry("Integer", "an integer"), Map.entry("Long", "an integer"),
            Map.entry("BigInteger", "an integer"), Map.entry("FloatValue", "a number"), Map.entry("Double", "a number"),
            Map.entry("Float", "a number"), Map.entry("BigDecimal", "a number"), Map.entry("BooleanValue", "a boolean"),
            Map.entry("Boolean", "a boolean"), Map.entry("EnumValue", "an enum value"), Map.entry("NullValue", "null"),
            Map.entry("ArrayValue", "a list"), Map.entry("ArrayList", "a list"), Map.entry("List", "a list"),
            Map.entry("ObjectValue", "an object"), Map.entry("LinkedHashMap", "an object"),
            Map.entry("HashMap", "an object"), Map.entry("Map", "an object"),
            Map.entry("VariableReference", "a variable"));

    private static final Pattern WITH_VALUE = Pattern.compile(
            " with value '(.*)' (?=is not a valid|must not be null|must be an object type|is missing required fields"
            + "|contains a field not in)");
    private static final Pattern STRING_VALUE = Pattern.compile("StringValue\\{value='(.*)'}");
    private static final Pattern PLAIN_VALUE = Pattern.compile("(?:IntValue|FloatValue|BooleanValue)\\{value=([^{}]*)}"
                                                               + "|EnumValue\\{name='(\\w+)'}");
    private static final Pattern EXPECTED_AST = Pattern.compile("Expected an AST type of '(\\w+)'(?: or '(\\w+)')?");
    private static final Pattern WAS_A = Pattern.compile("but it was a '(\\w+)'");

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.isEmpty()) {
                return response;
            }
            List<GraphQLError> readable = errors.stream().map(ReadableErrors::readable).toList();
            return response.transform(builder -> builder.errors(readable));
        });
    }

    private static GraphQLError readable(GraphQLError error) {
        String message = rewrite(error.getMessage());
        if (message.equals(error.getMessage())) {
            return error;
        }
        return GraphqlErrorBuilder.newError().message(message).locations(error.getLocations()).path(error.getPath())
                .errorType(error.getErrorType()).extensions(error.getExtensions()).build();
    }

    static String rewrite(String message) {
        if (message == null) {
            return null;
        }
        String result = replace(WITH_VALUE, message, value -> {
            String literal = literal(value.group(1));
            return literal == null ? " " : " with value " + literal + " ";
        });
        result = replace(EXPECTED_AST, result, expected -> "Expected " + kind(expected.group(1))
                + (expected.group(2) == null ? "" : " or " + kind(expected.group(2))));
        return replace(WAS_A, result, was -> KINDS.containsKey(was.group(1)) ? "but it was " + kind(was.group(1))
                : was.group());
    }

    /** A scalar literal as GraphQL writes it; null for lists, objects and what cannot be told safely. */
    private static String literal(String value) {
        Matcher string = STRING_VALUE.matcher(value);
        if (string.matches()) {
            return "\"" + string.group(1) + "\"";
        }
        Matcher plain = PLAIN_VALUE.matcher(value);
        if (plain.matches()) {
            return plain.group(1) != null ? plain.group(1) : plain.group(2);
        }
        return value.contains("{") ? null : "'" + value + "'";
    }

    private static String kind(String type) {
        return KINDS.getOrDefault(type, "a " + type);
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> with) {
        return pattern.matcher(text).replaceAll(match -> Matcher.quoteReplacement(with.apply(match)));
    }
}
