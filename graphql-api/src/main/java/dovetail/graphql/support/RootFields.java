package dovetail.graphql.support;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The root fields an operation asks for, wherever the document puts them: directly, under an alias, in an inline
 * fragment or in a named fragment, nested to any depth. Directives such as {@code @skip} are not evaluated: a field
 * that may be skipped still counts, so a check on this list errs on the strict side.
 */
public final class RootFields {

    private RootFields() {
    }

    /** The operation a request runs: the one named, or the only one; empty when the document does not say. */
    public static Optional<OperationDefinition> selected(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operationName == null || operationName.isEmpty()) {
            return operations.size() == 1 ? Optional.of(operations.get(0)) : Optional.empty();
        }
        return operations.stream().filter(operation -> operationName.equals(operation.getName())).findFirst();
    }

    /** Every root field of the operation, in document order; a fragment's fields once, however often it is spread. */
    public static List<Field> of(OperationDefinition operation, Document document) {
        return of(operation, document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity(), (first, second) -> first)));
    }

    /** Every root field of the operation, with the document's fragments by name. */
    public static List<Field> of(OperationDefinition operation, Map<String, FragmentDefinition> fragments) {
        List<Field> fields = new ArrayList<>();
        collect(operation.getSelectionSet(), fragments, new HashSet<>(), fields);
        return fields;
    }

    /**
     * How many root fields the operation runs: GraphQL merges fields with the same response key (alias or name) into
     * one, so each distinct key runs once.
     */
    public static int executions(List<Field> fields) {
        return (int) fields.stream().map(field -> field.getAlias() != null ? field.getAlias() : field.getName())
                .distinct().count();
    }

    private static void collect(SelectionSet selections, Map<String, FragmentDefinition> fragments,
                                Set<String> entered, List<Field> fields) {
        if (selections == null) {
            return;
        }
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                fields.add(field);
            } else if (selection instanceof InlineFragment inline) {
                collect(inline.getSelectionSet(), fragments, entered, fields);
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                // each fragment is read once: spreading it again adds no field, and a document cannot make this
                // walk loop or grow exponentially (this runs before GraphQL's own validation)
                if (fragment != null && entered.add(spread.getName())) {
                    collect(fragment.getSelectionSet(), fragments, entered, fields);
                }
            }
        }
    }
}
