package dovetail.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.functions.access.Role;
import dovetail.functions.reply.RequestReader;
import dovetail.functions.reply.RequestReader.MalformedRequestException;
import dovetail.functions.search.SearchThingsRequest;
import dovetail.functions.synctask.SyncTaskControlRequest;
import dovetail.functions.thing.CreateThingRequest;
import dovetail.functions.thing.DeleteThingRequest;
import dovetail.functions.thing.GetThingRequest;
import dovetail.functions.thing.UpdateThingRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every function Dovetail offers, declared once: its name (its bean's), the request it reads, the role a caller needs
 * over HTTP, and whether the Kafka command intake takes it too. What HTTP offers, who may call it and what the intake
 * dispatches are all read from here.
 */
public enum OfferedFunction {

    CREATE_THING("createThing", CreateThingRequest.class, Role.OPERATOR, Over.HTTP_AND_KAFKA),
    UPDATE_THING("updateThing", UpdateThingRequest.class, Role.OPERATOR, Over.HTTP_AND_KAFKA),
    DELETE_THING("deleteThing", DeleteThingRequest.class, Role.OPERATOR, Over.HTTP_AND_KAFKA),
    GET_THING("getThing", GetThingRequest.class, Role.READ, Over.HTTP_AND_KAFKA),
    SEARCH_THINGS("searchThings", SearchThingsRequest.class, Role.READ, Over.HTTP),
    /** Each action needs its own role: {@link SyncTaskControlRequest.Action}. */
    SYNC_TASK_CONTROL("syncTaskControl", SyncTaskControlRequest.class, SyncTaskControlRequest::neededRole, Over.HTTP);

    /** Where a function is offered: every one over HTTP; Thing commands also on the Kafka commands topic. */
    enum Over { HTTP, HTTP_AND_KAFKA }

    private final String functionName;
    private final Class<?> requestType;
    private final Role role;
    private final Function<JsonNode, Role> roleOfRequest;
    private final boolean overKafka;

    OfferedFunction(String functionName, Class<?> requestType, Role role, Over over) {
        this.functionName = functionName;
        this.requestType = requestType;
        this.role = role;
        this.roleOfRequest = null;
        this.overKafka = over == Over.HTTP_AND_KAFKA;
    }

    OfferedFunction(String functionName, Class<?> requestType, Function<JsonNode, Role> roleOfRequest, Over over) {
        this.functionName = functionName;
        this.requestType = requestType;
        this.role = null;
        this.roleOfRequest = roleOfRequest;
        this.overKafka = over == Over.HTTP_AND_KAFKA;
    }

    public String functionName() {
        return functionName;
    }

    public Class<?> requestType() {
        return requestType;
    }

    /** Whether the Kafka command intake takes requests for this function. */
    public boolean overKafka() {
        return overKafka;
    }

    /** The role every request needs; empty when it depends on the request ({@link #roleFor}). */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /**
     * The role a request with this body needs. A body that is not the function's JSON changes nothing (the function
     * refuses it), so reading suffices for it.
     */
    public Role roleFor(byte[] body) {
        if (role != null) {
            return role;
        }
        try {
            return roleOfRequest.apply(RequestReader.tree(body));
        } catch (MalformedRequestException malformed) {
            return Role.READ;
        }
    }

    public static Optional<OfferedFunction> named(String functionName) {
        return Arrays.stream(values()).filter(function -> function.functionName.equals(functionName)).findFirst();
    }

    /** The names of all functions, sorted. */
    public static List<String> names() {
        return Arrays.stream(values()).map(OfferedFunction::functionName).sorted().toList();
    }
}
