package dovetail.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.ConditionOperator;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.TransformKind;
import dovetail.domain.thing.ThingChange;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's scripts and the schema's descriptions cannot read the domain's lists, so they hold copies; each
 * copy is checked against the list it copies.
 */
class HandKeptCopiesTest {

    private static final String TASK_FORM = "console/js/pages/task-form.js";

    @Test
    void theTaskFormOffersTheEventTypesOfThingsInTheDomainsOrder() throws IOException {
        assertThat(constant(TASK_FORM, "EVENT_TYPES")).isEqualTo(ThingChange.EVENT_TYPE_NAMES);
    }

    @Test
    void theTaskFormOffersTheFieldsOperatorsAndTransformsATaskMayUse() throws IOException {
        assertThat(constant(TASK_FORM, "FIELDS")).containsExactlyInAnyOrderElementsOf(SyncTaskRules.THING_FIELDS.keySet());
        assertThat(constant(TASK_FORM, "OPERATORS"))
                .isEqualTo(Arrays.stream(ConditionOperator.values()).map(Enum::name).toList());
        assertThat(constant(TASK_FORM, "KINDS")).isEqualTo(Arrays.stream(TransformKind.values()).map(Enum::name).toList());
    }

    @Test
    void theSchemaDescribesAThingEventsTypeWithTheDomainsNames() throws IOException {
        ObjectTypeDefinition event = new SchemaParser().parse(resource("graphql/thing.graphqls"))
                .getType("ThingEvent", ObjectTypeDefinition.class).orElseThrow();
        FieldDefinition type = event.getFieldDefinitions().stream().filter(field -> field.getName().equals("type"))
                .findFirst().orElseThrow();
        List<String> names = ThingChange.EVENT_TYPE_NAMES;
        assertThat(type.getDescription().getContent()).isEqualTo(
                String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    /** The strings of a script's {@code const NAME = [...]}, or the keys of its {@code const NAME = {...}}. */
    private static List<String> constant(String script, String name) throws IOException {
        Matcher declaration = Pattern.compile("const " + name + " = ([\\[{])(.*?)[\\]}];").matcher(resource(script));
        assertThat(declaration.find()).as("%s declares %s", script, name).isTrue();
        Pattern item = declaration.group(1).equals("[") ? Pattern.compile("'([^']*)'")
                : Pattern.compile("([A-Za-z_]+):");
        return item.matcher(declaration.group(2)).results().map(match -> match.group(1)).toList();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = HandKeptCopiesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
