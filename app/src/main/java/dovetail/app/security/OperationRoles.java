package dovetail.app.security;

import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.Optional;

/**
 * The role each root field needs, read from the schema, where every mutation declares it with
 * {@code @requires(role: …)}: the schema is the one list. Query and subscription fields without it need
 * {@code read}; a mutation without it needs {@code admin}, so a new mutation is closed until it says otherwise.
 */
final class OperationRoles {

    static final String DIRECTIVE = "requires";

    private OperationRoles() {
    }

    /** The role a field of this root type needs; empty when the type is not a root type (nested fields). */
    static Optional<Role> needed(GraphQLSchema schema, GraphQLObjectType parent, GraphQLFieldDefinition field) {
        if (field.getName().startsWith("__")) {
            return Optional.empty(); // introspection: the schema itself, and a type's name
        }
        Role fallback;
        if (parent == schema.getMutationType()) {
            fallback = Role.ADMIN;
        } else if (parent == schema.getQueryType() || parent == schema.getSubscriptionType()) {
            fallback = Role.READ;
        } else {
            return Optional.empty();
        }
        GraphQLAppliedDirective requires = field.getAppliedDirective(DIRECTIVE);
        if (requires == null) {
            return Optional.of(fallback);
        }
        return Optional.of(Role.valueOf(requires.getArgument("role").getValue().toString()));
    }

    /** The role a root field of this operation type needs, by name; an unknown field needs nothing (GraphQL refuses it). */
    static Optional<Role> needed(GraphQLSchema schema, GraphQLObjectType root, String fieldName) {
        if (root == null) {
            return Optional.empty();
        }
        GraphQLFieldDefinition field = root.getFieldDefinition(fieldName);
        return field == null ? Optional.empty() : needed(schema, root, field);
    }
}
