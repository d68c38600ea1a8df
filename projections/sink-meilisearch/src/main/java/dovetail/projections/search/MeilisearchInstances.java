package dovetail.projections.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Meilisearch servers this deployment knows by name: {@code default} (at {@code dovetail.meilisearch.url}) and
 * those under {@code dovetail.meilisearch.instances}. Besides index administration on each, it speaks the two
 * routes meilisearch-java 0.15 lacks: the experimental {@code network} (which instances may search which) and a
 * multi-search with {@code federationOptions.remote}.
 */
public class MeilisearchInstances {

    private static final Logger log = LoggerFactory.getLogger(MeilisearchInstances.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final Map<String, MeilisearchIndexes> indexes = new LinkedHashMap<>();
    private final Map<String, MeilisearchProperties.Instance> endpoints = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> networked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public MeilisearchInstances(MeilisearchIndexes defaultIndexes, MeilisearchProperties properties) {
        indexes.put(MeilisearchProperties.DEFAULT_INSTANCE, defaultIndexes);
        endpoints.put(MeilisearchProperties.DEFAULT_INSTANCE,
                new MeilisearchProperties.Instance(properties.url(), properties.apiKey(), null));
        new java.util.TreeMap<>(properties.instances()).forEach((name, instance) -> {
            MeilisearchProperties at = properties.at(instance.url(), instance.apiKey());
            indexes.put(name, new MeilisearchIndexes(MeilisearchClients.create(at), at));
            endpoints.put(name, instance);
        });
    }

    /** Every instance's name, {@code default} first. */
    public Set<String> names() {
        return Collections.unmodifiableSet(indexes.keySet());
    }

    /** Index administration on the named instance. */
    public MeilisearchIndexes indexes(String instance) {
        MeilisearchIndexes found = indexes.get(instance);
        if (found == null) {
            throw new IllegalArgumentException("No Meilisearch instance is named " + instance + "; configured: "
                    + indexes.keySet());
        }
        return found;
    }

    /**
     * Lets {@code self} search every other configured instance: turns the experimental {@code network} feature on
     * and sets its network to {@code self} plus every instance under its name, reached at its network URL with its
     * key. Every instance knows all the others, so tasks over different sets of instances never disagree about a
     * name. Done once per instance and run of Dovetail (Meilisearch keeps it on disk).
     */
    public void joinNetwork(String self) {
        if (networked.contains(self)) {
            return;
        }
        ObjectNode features = json.createObjectNode().put("network", true);
        send(self, "PATCH", "/experimental-features", features.toString(), "turn on the network feature");
        ObjectNode network = json.createObjectNode().put("self", self);
        ObjectNode remotes = network.putObject("remotes");
        endpoints.forEach((name, endpoint) -> {
            ObjectNode remote = remotes.putObject(name).put("url", endpoint.networkUrl());
            remote.put("searchApiKey", endpoint.apiKey());
        });
        send(self, "PATCH", "/network", network.toString(), "configure its network");
        networked.add(self);
        log.info("Meilisearch instance {} searches its remotes {}", self, endpoints.keySet());
    }

    /** Forgets that instances were networked, so the next {@link #joinNetwork} sets the network again. */
    public void forgetNetwork(String instance) {
        networked.remove(instance);
    }

    /** A {@code POST /multi-search} on the instance; answers the response's JSON. */
    public JsonNode multiSearch(String instance, JsonNode request) {
        String body = send(instance, "POST", "/multi-search", request.toString(), "run a federated search");
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new MeilisearchFailure("Meilisearch instance " + instance + " answered a federated search with "
                    + "something that is not JSON", null, e);
        }
    }

    private String send(String instance, String method, String path, String body, String action) {
        MeilisearchProperties.Instance endpoint = endpoints.get(instance);
        if (endpoint == null) {
            throw new IllegalArgumentException("No Meilisearch instance is named " + instance);
        }
        return indexes(instance).http().exchange(new Request.Builder().url(endpoint.url() + path)
                        .method(method, RequestBody.create(body, JSON)),
                "Meilisearch instance " + instance + " at " + endpoint.url(), action);
    }
}
