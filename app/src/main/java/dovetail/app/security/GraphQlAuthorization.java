package dovetail.app.security;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The role each GraphQL operation needs, in one table: queries need {@code read}; Thing mutations, pausing or
 * resuming tasks, reprocessing dead letters and running the migration verifier need {@code operator}; creating,
 * changing, deleting and fully syncing tasks, evicting dead letters and the migration's steps (backfill, cutover,
 * rollback, retirement, demo rows) need {@code admin}. An operation
 * asking for a field its token's role does not allow is refused whole, before anything runs, with a
 * {@code FORBIDDEN} error naming the field.
 */
@Component
class GraphQlAuthorization implements WebGraphQlInterceptor {

    private static final Map<String, Role> MUTATIONS = Map.ofEntries(
            Map.entry("createThing", Role.OPERATOR), Map.entry("updateThing", Role.OPERATOR),
            Map.entry("deleteThing", Role.OPERATOR), Map.entry("pauseSyncTask", Role.OPERATOR),
            Map.entry("resumeSyncTask", Role.OPERATOR), Map.entry("reprocessDeadLetters", Role.OPERATOR),
            Map.entry("createSyncTask", Role.ADMIN), Map.entry("updateSyncTask", Role.ADMIN),
            Map.entry("deleteSyncTask", Role.ADMIN), Map.entry("fullSyncTask", Role.ADMIN),
            Map.entry("evictDeadLetters", Role.ADMIN), Map.entry("verifyMigration", Role.OPERATOR),
            Map.entry("startBackfill", Role.ADMIN), Map.entry("cutOver", Role.ADMIN), Map.entry("rollBack", Role.ADMIN),
            Map.entry("retireLegacy", Role.ADMIN), Map.entry("seedLegacyThings", Role.ADMIN));

    /** The GraphQL context key of the request's {@link Authentication}, however the token came. */
    static final String AUTHENTICATION = "dovetail.authentication";

    private final SecurityProperties properties;
    private final RoleHierarchy roles;

    GraphQlAuthorization(SecurityProperties properties, RoleHierarchy roles) {
        this.properties = properties;
        this.roles = roles;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!properties.enabled()) {
            return chain.next(request);
        }
        Document document;
        try {
            document = Parser.parse(request.getDocument());
        } catch (InvalidSyntaxException invalid) {
            // GraphQL itself answers the syntax error; nothing runs
            return chain.next(request);
        }
        return authentication(request).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(authentication -> {
            Optional<String> denied = firstDenied(document, request.getOperationName(), authentication.orElse(null));
            if (denied.isPresent()) {
                return refuse(request, denied.get());
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

    private static Mono<WebGraphQlResponse> refuse(WebGraphQlRequest request, String denied) {
        ExecutionResult refusal = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.FORBIDDEN)
                .message("This token's role does not allow " + denied).build()).build();
        ExecutionGraphQlResponse response = new DefaultExecutionGraphQlResponse(request.toExecutionInput(), refusal);
        return Mono.just(new WebGraphQlResponse(response));
    }

    Optional<String> firstDenied(Document document, String operationName, Authentication authentication) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        for (OperationDefinition operation : operations) {
            if (operationName != null && operations.size() > 1 && !operationName.equals(operation.getName())) {
                continue;
            }
            for (Field field : operation.getSelectionSet().getSelectionsOfType(Field.class)) {
                Role needed = operation.getOperation() == OperationDefinition.Operation.MUTATION
                        ? MUTATIONS.getOrDefault(field.getName(), Role.ADMIN)
                        : Role.READ;
                if (!holds(needed, authentication)) {
                    return Optional.of(field.getName() + " (needs " + needed.name().toLowerCase() + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Whether this authentication may run the named mutation (everyone may when security is off). */
    boolean mayRun(String mutation, Authentication authentication) {
        return !properties.enabled() || holds(MUTATIONS.getOrDefault(mutation, Role.ADMIN), authentication);
    }

    boolean holds(Role needed, Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        return roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                    .map(GrantedAuthority::getAuthority).anyMatch(needed.authority()::equals);
    }
}
