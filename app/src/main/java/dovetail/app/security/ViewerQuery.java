package dovetail.app.security;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import java.util.List;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

/**
 * Tells a client what its token may do, from the same schema declarations that refuse what it may not, so a user interface
 * offers only the actions that would succeed.
 */
@Controller
class ViewerQuery {

    record Viewer(String name, Role role, List<String> mutations) {
    }

    private final GraphQlAuthorization authorization;
    private final SecurityProperties properties;

    ViewerQuery(GraphQlAuthorization authorization, SecurityProperties properties) {
        this.authorization = authorization;
        this.properties = properties;
    }

    @QueryMapping
    Viewer viewer(@ContextValue(name = GraphQlAuthorization.AUTHENTICATION, required = false)
                  Authentication authentication, DataFetchingEnvironment environment) {
        List<String> mutations = environment.getGraphQLSchema().getMutationType().getFieldDefinitions().stream()
                .filter(mutation -> authorization.mayRun(environment.getGraphQLSchema(), mutation, authentication))
                .map(GraphQLFieldDefinition::getName).sorted().toList();
        if (!properties.enabled()) {
            return new Viewer("anyone (security is off)", Role.ADMIN, mutations);
        }
        // with security on, GraphQlAuthorization lets no query through without an authentication
        Role role = Role.READ;
        for (Role candidate : Role.values()) {
            if (authorization.holds(candidate, authentication)) {
                role = candidate;
            }
        }
        return new Viewer(authentication.getName(), role, mutations);
    }
}
