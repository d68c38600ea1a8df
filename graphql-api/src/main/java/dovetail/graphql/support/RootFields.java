package dovetail.graphql.support;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.graphql.server.WebGraphQlRequest;

/**
 * The root fields an operation asks for, wherever the document puts them: directly, under an alias, in an inline
 * fragment or in a named fragment, nested to any depth. Directives such as {@code @skip} are not evaluated: a field
 * that may be skipped still counts, so a check on this list errs on the strict side.
 */
public final class RootFields {

    /**
     * The request attribute holding its parsed document ({@link Parsed}), so that the checks before execution parse
     * it once: over HTTP the security filter parses it first, and servlet attributes reach the GraphQL request.
     */
    public static final String PARSED = RootFields.class.getName() + ".parsed";

    /** A document's text, and the document it parses to; null when it is not valid GraphQL syntax. */
    public record Parsed(String text, Document document) {
    }

    private RootFields() {
    }

    /** Parses a document; one that is not valid syntax gives a null document, and GraphQL itself answers it. */
    public static Parsed parse(String text) {
        try {
            return new Parsed(text, Parser.parse(text));
        } catch (InvalidSyntaxException invalid) {
            return new Parsed(text, null);
        }
    }

    /** The request's document, parsed once whichever check asks first; empty when it is not valid syntax. */
    public static Optional<Document> document(WebGraphQlRequest request) {
        Map<String, Object> attributes = request.getAttributes();
        if (attributes.get(PARSED) instanceof Parsed kept && kept.text().equals(request.getDocument())) {
            return Optional.ofNullable(kept.document());
        }
        Parsed parsed = parse(request.getDocument());
        try {
            attributes.put(PARSED, parsed);
        } catch (UnsupportedOperationException readOnly) {
            // a transport without writable attributes parses again in the next check: correct, only slower
        }
        return Optional.ofNullable(parsed.document());
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
