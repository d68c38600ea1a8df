package dovetail.graphql.support;

import dovetail.domain.migration.InvalidRepair;
import dovetail.domain.migration.MigrationView;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingView;
import graphql.GraphQLContext;
import graphql.scalars.ExtendedScalars;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.method.annotation.support.ScrollSubrangeMethodArgumentResolver;
import org.springframework.graphql.data.pagination.CursorEncoder;
import org.springframework.graphql.data.pagination.CursorStrategy;
import org.springframework.graphql.data.pagination.EncodingCursorStrategy;
import org.springframework.graphql.execution.ClassNameTypeResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** Scalars and type names that the schema needs beyond what controllers declare. */
@Configuration(proxyBeanMethods = false)
class GraphQlSchemaConfiguration {

    @Bean
    RuntimeWiringConfigurer dateTimeScalar() {
        return wiring -> wiring.scalar(GraphQLScalarType.newScalar()
                .name("DateTime")
                .description("An instant in UTC, ISO-8601")
                .coercing(new InstantCoercing())
                .build());
    }

    /** 64-bit integers for counts, event positions and versions, which GraphQL's Int (32 bits) cannot hold. */
    @Bean
    RuntimeWiringConfigurer longScalar() {
        return wiring -> wiring.scalar(ExtendedScalars.GraphQLLong);
    }

    /** Opaque cursors for every connection; replaces Spring Boot's default, which leaks Java class names. */
    @Bean
    EncodingCursorStrategy<ScrollPosition> cursorStrategy() {
        return CursorStrategy.withEncoder(new KeysetCursors(), CursorEncoder.base64());
    }

    /** Lets controllers take {@code first}/{@code after} as one {@link org.springframework.graphql.data.query.ScrollSubrange}. */
    @Bean
    ScrollSubrangeMethodArgumentResolver scrollSubrangeArguments(EncodingCursorStrategy<ScrollPosition> cursors) {
        return new ScrollSubrangeMethodArgumentResolver(cursors);
    }

    /** Domain records answer union and interface fields; these map the few whose names differ from the schema's. */
    @Bean
    GraphQlSourceBuilderCustomizer domainTypeNames() {
        ClassNameTypeResolver resolver = new ClassNameTypeResolver();
        resolver.addMapping(ThingView.class, "Thing");
        resolver.addMapping(Problem.class, "FieldProblem");
        resolver.addMapping(InvalidTaskDefinition.class, "InvalidInput");
        resolver.addMapping(InvalidRepair.class, "InvalidInput");
        resolver.addMapping(SyncTaskView.class, "SyncTask");
        resolver.addMapping(MigrationView.class, "Migration");
        return builder -> builder.defaultTypeResolver(resolver);
    }

    private static final class InstantCoercing implements Coercing<Instant, String> {

        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            throw new CoercingSerializeException("not an instant");
        }

        @Override
        public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                return Instant.parse(input.toString());
            } catch (DateTimeParseException e) {
                throw new CoercingParseValueException("DateTime must be ISO-8601 in UTC, e.g. 2026-05-01T10:00:00Z");
            }
        }

        @Override
        public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (input instanceof StringValue text) {
                try {
                    return Instant.parse(text.getValue());
                } catch (DateTimeParseException e) {
                    throw new CoercingParseLiteralException("DateTime must be ISO-8601 in UTC");
                }
            }
            throw new CoercingParseLiteralException("DateTime must be a string");
        }
    }
}
