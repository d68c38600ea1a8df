package dovetail.app.searchscale;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.app.support.Dovetails;
import dovetail.app.support.MeilisearchNodes;
import dovetail.app.support.ReadModel;
import dovetail.app.support.SearchIndex;
import dovetail.embedded.test.TestEndpoints;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchResults;
import dovetail.domain.search.SearchThings;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.FindSyncTaskTargets;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.MeilisearchTopology;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskTargetView;
import dovetail.projections.search.MeilisearchInstances;
import dovetail.projections.search.ThingDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/** What the sharded and replicated search tests share: task definitions and reading each instance's index. */
final class SearchScale {

    private SearchScale() {
    }

    /** Further Meilisearch instances and a Dovetail (without built-in tasks) configured with them. */
    record Running(MeilisearchNodes nodes, ConfigurableApplicationContext dovetail, CommandGateway commands,
                   QueryGateway queries, MeilisearchInstances instances, ReadModel readModel) implements AutoCloseable {

        /** Starts the instances and a Dovetail, and creates {@code things-search} with {@code definition}. */
        static Running start(TestEndpoints engines, Path data, String[] instances, SyncTaskDefinition definition) {
            MeilisearchNodes nodes = MeilisearchNodes.start(data, instances);
            ConfigurableApplicationContext dovetail = null;
            try {
                dovetail = Dovetails.start(engines, nodes.properties("dovetail.sync-tasks.create-built-in=false"));
                Running running = new Running(nodes, dovetail, dovetail.getBean(CommandGateway.class),
                        dovetail.getBean(QueryGateway.class), dovetail.getBean(MeilisearchInstances.class),
                        new ReadModel(dovetail.getBean(JdbcTemplate.class)));
                create(running.commands(), "things-search", definition);
                return running;
            } catch (RuntimeException | AssertionError e) {
                if (dovetail != null) {
                    dovetail.close();
                }
                nodes.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                dovetail.close();
            } finally {
                nodes.close();
            }
        }
    }

    static SyncTaskDefinition things(String index, MeilisearchTopology topology, String... instances) {
        return new SyncTaskDefinition(new SinkSpec(new MeilisearchSinkSpec(index, ThingDocument.PRIMARY_KEY,
                ThingDocument.SEARCHABLE_ATTRIBUTES, ThingDocument.FILTERABLE_ATTRIBUTES,
                ThingDocument.SORTABLE_ATTRIBUTES, topology, List.of(instances))), null, null, null);
    }

    static void create(CommandGateway commands, String id, SyncTaskDefinition definition) {
        assertThat(commands.<Object>sendAndWait(new CreateSyncTask(id, definition)))
                .isInstanceOf(SyncTaskAccepted.class);
    }

    /** Thing versions by id in the live index {@code index} of each instance. */
    static Map<String, Map<String, Long>> versionsByInstance(MeilisearchInstances instances, String index,
                                                            String... names) {
        Map<String, Map<String, Long>> versions = new TreeMap<>();
        for (String name : names) {
            versions.put(name, new SearchIndex(instances.indexes(name), index).versions());
        }
        return versions;
    }

    /** Every instance's documents together, failing on a Thing found on two. */
    static Map<String, Long> union(Map<String, Map<String, Long>> byInstance) {
        Map<String, Long> all = new HashMap<>();
        byInstance.values().forEach(all::putAll);
        assertThat(all).hasSize(byInstance.values().stream().mapToInt(Map::size).sum());
        return new TreeMap<>(all);
    }

    static SearchResults search(QueryGateway queries, SearchThings query) {
        SearchOutcome outcome = queries.query(query, SearchOutcome.class).join();
        assertThat(outcome).isInstanceOf(SearchResults.class);
        return (SearchResults) outcome;
    }

    static List<SyncTaskTargetView> targets(QueryGateway queries, String taskId) {
        return queries.query(new FindSyncTaskTargets(taskId),
                ResponseTypes.multipleInstancesOf(SyncTaskTargetView.class)).join();
    }
}
