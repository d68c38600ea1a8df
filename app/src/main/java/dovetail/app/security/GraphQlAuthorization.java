package dovetail.app.security;

import dovetail.graphql.support.RootFields;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Attaches the request's authentication to the GraphQL context, where {@link FieldAuthorization} checks each root
 * field as it runs, and, as a convenience over the WebSocket, refuses the whole request before anything runs when
 * any root field it asks for (directly, aliased or in fragments) needs a role its token does not hold, with a
 * {@code FORBIDDEN} error naming the field (over HTTP, {@link GraphQlRoleFilter} has refused it already, with 403).
 * The role each field needs is declared in the schema ({@link OperationRoles}).
 */
@Component
class GraphQlAuthorization implements WebGraphQlInterceptor {

    /** The GraphQL context key of the request's {@link Authentication}, however the token came. */
    static final String AUTHENTICATION = "dovetail.authentication";

    private final SecurityProperties properties;
    private final RoleHierarchy roles;
    // the schema is built with FieldAuthorization, which needs this class: look it up once requests come
    private final ObjectProvider<GraphQlSource> graphQl;

    GraphQlAuthorization(SecurityProperties properties, RoleHierarchy roles, ObjectProvider<GraphQlSource> graphQl) {
        this.properties = properties;
        this.roles = roles;
        this.graphQl = graphQl;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!properties.enabled()) {
            return chain.next(request);
        }
        return authentication(request).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(authentication -> {
            if (request instanceof WebSocketGraphQlRequest) {
                // a document that is not valid syntax is answered by GraphQL itself, and nothing runs
                Optional<String> refusal = RootFields.document(request).flatMap(document ->
                        firstDenied(document, request.getOperationName(), authentication.orElse(null)));
                if (refusal.isPresent()) {
                    return refuse(request, refusal.get());
                }
            }
            authentication.ifPresent(found -> request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(Map.of(AUTHENTICATION, found)).build()));
            return chain.next(request);
        });
    }

    /**
     * Over HTTP the token was checked on this thread; over WebSocket, at the handshake that opened the session or
     * in its {@code connection_init} ({@link SocketTokens}); a handshake without a token leaves an anonymous one.
     */
    private static Mono<Authentication> authentication(WebGraphQlRequest request) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && !(current instanceof AnonymousAuthenticationToken)) {
            return Mono.just(current);
        }
        if (request instanceof WebSocketGraphQlRequest socket) {
            return Mono.justOrEmpty(SocketTokens.of(socket.getSessionInfo())).switchIfEmpty(socket.getSessionInfo()
                    .getPrincipal().filter(Authentication.class::isInstance).map(Authentication.class::cast));
        }
        return Mono.empty();
    }

    private static Mono<WebGraphQlResponse> refuse(WebGraphQlRequest request, String refusal) {
        ExecutionResult refused = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN).message(refusal).build()).build();
        ExecutionGraphQlResponse response = new DefaultExecutionGraphQlResponse(request.toExecutionInput(), refused);
        return Mono.just(new WebGraphQlResponse(response));
    }

    /** The words every refusal of a field uses, wherever it is refused. */
    static String refusal(String field, Role needed) {
        return "This token's role does not allow " + field + " (needs " + needed.name().toLowerCase() + ")";
    }

    /** The refusal of the first root field the token may not run; empty when all is allowed. */
    Optional<String> firstDenied(Document document, String operationName, Authentication authentication) {
        Optional<OperationDefinition> operation = RootFields.selected(document, operationName);
        if (operation.isEmpty()) {
            return Optional.empty(); // GraphQL itself refuses a document that does not say which operation to run
        }
        GraphQLSchema schema = graphQl.getObject().schema();
        GraphQLObjectType root = switch (operation.get().getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
        for (Field field : RootFields.of(operation.get(), document)) {
            Optional<Role> needed = OperationRoles.needed(schema, root, field.getName());
            if (needed.isPresent() && !holds(needed.get(), authentication)) {
                return Optional.of(refusal(field.getName(), needed.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether this authentication may run the mutation (everyone may when security is off). */
    boolean mayRun(GraphQLSchema schema, GraphQLFieldDefinition mutation, Authentication authentication) {
        return !properties.enabled() || OperationRoles.needed(schema, schema.getMutationType(), mutation)
                .map(needed -> holds(needed, authentication)).orElse(true);
    }

    boolean holds(Role needed, Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        return roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                    .map(GrantedAuthority::getAuthority).anyMatch(needed.authority()::equals);
    }
}
