package dovetail.graphql.support;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Counts, positions, versions, sequence numbers and durations are integers in the schema (typed clients generate
 * code from it): {@code Float} is kept for what is a real number, named here, so a new Float field is a decision.
 */
class IntegerTypesTest {

    private static final Set<String> REAL_NUMBERS = Set.of(
            "Thing.foo", "CreateThingInput.foo", "UpdateThingInput.foo", "FieldTransform.factor",
            "FieldTransformInput.factor", "SyncTask.throughput", "FullSyncProgress.rate",
            "BackfillProgress.rowsPerSecond");

    @Test
    void onlyRealNumbersAreFloats() throws IOException {
        TypeDefinitionRegistry schema = new TypeDefinitionRegistry();
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath:graphql/*.graphqls")) {
            schema.merge(new SchemaParser().parse(file.getInputStream()));
        }
        List<String> floats = new ArrayList<>();
        List<ObjectTypeDefinition> objects = new ArrayList<>(schema.getTypes(ObjectTypeDefinition.class));
        schema.objectTypeExtensions().values().forEach(objects::addAll);
        for (ObjectTypeDefinition type : objects) {
            for (FieldDefinition field : type.getFieldDefinitions()) {
                if (isFloat(field.getType())) {
                    floats.add(type.getName() + "." + field.getName());
                }
            }
        }
        for (InputObjectTypeDefinition type : schema.getTypes(InputObjectTypeDefinition.class)) {
            for (InputValueDefinition field : type.getInputValueDefinitions()) {
                if (isFloat(field.getType())) {
                    floats.add(type.getName() + "." + field.getName());
                }
            }
        }
        assertThat(floats).isNotEmpty().allSatisfy(field -> assertThat(REAL_NUMBERS).as(field).contains(field));
        assertThat(schema.scalars()).containsKey("Long");
    }

    private static boolean isFloat(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return isFloat(nonNull.getType());
        }
        if (type instanceof ListType list) {
            return isFloat(list.getType());
        }
        return type instanceof TypeName name && name.getName().equals("Float");
    }
}
