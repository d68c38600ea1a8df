package dovetail.domain.synctask;

import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a task definition, each broken one reported with its field path; and the defaults. */
public final class SyncTaskRules {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Thing fields a condition may test, and whether each compares as a number, an instant, or text. */
    public static final Map<String, String> THING_FIELDS = Map.of(
            "id", "number", "name", "text", "foo", "number", "version", "number",
            "createdOn", "instant", "updatedOn", "instant");

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_BATCH_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_SEGMENTS = 1;
    public static final int DEFAULT_THREADS = 1;
    /** The Meilisearch instance of {@code dovetail.meilisearch.url}; other instances are named in configuration. */
    public static final String DEFAULT_INSTANCE = "default";
    public static final int MAX_INSTANCES = 16;

    private static final Pattern INDEX = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_TOPICS = 4;
    private static final Pattern DATA_SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

    private SyncTaskRules() {
    }

    public static List<Problem> checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return List.of(new Problem("id", "must match [a-z0-9][a-z0-9_-]{0,63}"));
        }
        // tasks and Things share the event store's aggregate identifiers, and Thing ids are all digits
        return id.chars().allMatch(Character::isDigit)
                ? List.of(new Problem("id", "must not be digits only (those are Thing ids)"))
                : List.of();
    }

    /** The definition with every omitted option and setting filled in; call after {@link #check} found nothing. */
    public static SyncTaskDefinition withDefaults(SyncTaskDefinition definition) {
        MeilisearchSinkSpec m = definition.sink().meilisearch();
        SinkSpec sink = m == null
                ? (definition.sink().kafka() != null
                        ? new SinkSpec(new KafkaSinkSpec(List.copyOf(definition.sink().kafka().topics())))
                        : definition.sink())
                : new SinkSpec(new MeilisearchSinkSpec(m.index(), m.primaryKey() == null ? "id" : m.primaryKey(),
                        m.searchableAttributes() == null ? List.of("name") : List.copyOf(m.searchableAttributes()),
                        m.filterableAttributes() == null ? List.of() : List.copyOf(m.filterableAttributes()),
                        m.sortableAttributes() == null ? List.of() : List.copyOf(m.sortableAttributes()),
                        topologyOf(m), instancesOf(m)));
        FilterSpec f = definition.filter();
        FilterSpec filter = new FilterSpec(f == null || f.eventTypes() == null ? List.of() : List.copyOf(f.eventTypes()),
                f == null || f.conditions() == null ? List.of() : List.copyOf(f.conditions()));
        TaskOptions o = definition.options() == null ? new TaskOptions(null, null, null, null) : definition.options();
        TaskOptions options = new TaskOptions(
                o.batchSize() == null ? DEFAULT_BATCH_SIZE : o.batchSize(),
                o.batchTimeoutMillis() == null ? DEFAULT_BATCH_TIMEOUT_MILLIS : o.batchTimeoutMillis(),
                o.segments() == null ? DEFAULT_SEGMENTS : o.segments(),
                o.threads() == null ? DEFAULT_THREADS : o.threads());
        return new SyncTaskDefinition(sink, filter,
                definition.transform() == null ? List.of() : List.copyOf(definition.transform()), options);
    }

    /** The topology of a Meilisearch sink; {@code SINGLE} for definitions recorded before topologies existed. */
    public static MeilisearchTopology topologyOf(MeilisearchSinkSpec spec) {
        return spec.topology() == null ? MeilisearchTopology.SINGLE : spec.topology();
    }

    /** The instances of a Meilisearch sink, in order (shard i lives on instance i); the default one when unnamed. */
    public static List<String> instancesOf(MeilisearchSinkSpec spec) {
        return spec.instances() == null || spec.instances().isEmpty() ? List.of(DEFAULT_INSTANCE)
                : List.copyOf(spec.instances());
    }

    /**
     * Whether moving from {@code before} to {@code after} moves documents between instances (another topology, or
     * other instances or order): such a change is a full sync into fresh indexes, never a live re-shuffle.
     */
    public static boolean changesLayout(SyncTaskDefinition before, SyncTaskDefinition after) {
        MeilisearchSinkSpec was = before == null || before.sink() == null ? null : before.sink().meilisearch();
        MeilisearchSinkSpec next = after == null || after.sink() == null ? null : after.sink().meilisearch();
        if (was == null || next == null) {
            return false;
        }
        return topologyOf(was) != topologyOf(next) || !instancesOf(was).equals(instancesOf(next));
    }

    public static List<Problem> check(SyncTaskDefinition definition) {
        return check(definition, null);
    }

    /**
     * Every broken rule of the definition. {@code knownInstances}: the Meilisearch instances configured here (null:
     * names are checked for their form only).
     */
    public static List<Problem> check(SyncTaskDefinition definition, Set<String> knownInstances) {
        return check(definition, knownInstances, null, false);
    }

    /**
     * Every broken rule of the definition. {@code knownInstances}: the Meilisearch instances configured here, and
     * {@code allowedWebhookHosts} the hosts webhooks may post to (null: checked for their form only); {@code update}:
     * the definition replaces a task's, so a webhook may leave its secret out to keep the task's.
     */
    public static List<Problem> check(SyncTaskDefinition definition, Set<String> knownInstances,
                                      Set<String> allowedWebhookHosts, boolean update) {
        List<Problem> problems = new ArrayList<>();
        if (definition == null) {
            problems.add(new Problem("definition", "is required"));
            return problems;
        }
        SinkSpec sink = definition.sink();
        String primaryKey = checkSink(sink, knownInstances, allowedWebhookHosts, update, problems);
        checkFilter(definition.filter(), problems);
        String fixedShape = sink == null ? null : sink.kafka() != null ? "a kafka sink: its record formats are fixed"
                : sink.legacy() != null ? "a legacy sink: its row shape is fixed"
                : sink.webhook() != null ? "a webhook sink: its record formats are fixed" : null;
        if (fixedShape != null && definition.transform() != null && !definition.transform().isEmpty()) {
            problems.add(new Problem("transform", "must be empty for " + fixedShape));
        } else {
            checkTransform(definition.transform(), primaryKey, problems);
        }
        checkOptions(definition.options(), problems);
        return problems;
    }

    private static String checkSink(SinkSpec sink, Set<String> knownInstances, Set<String> allowedWebhookHosts,
                                    boolean update, List<Problem> problems) {
        int kinds = sink == null ? 0 : (sink.meilisearch() != null ? 1 : 0) + (sink.kafka() != null ? 1 : 0)
                + (sink.legacy() != null ? 1 : 0) + (sink.webhook() != null ? 1 : 0);
        if (kinds == 0) {
            problems.add(new Problem("sink",
                    "is required: give sink.meilisearch, sink.kafka, sink.legacy or sink.webhook"));
            return "id";
        }
        if (kinds > 1) {
            problems.add(new Problem("sink", "give only one of sink.meilisearch, sink.kafka, sink.legacy, sink.webhook"));
            return "id";
        }
        if (sink.webhook() != null) {
            WebhookRules.check(sink.webhook(), allowedWebhookHosts, update, problems);
            return "id";
        }
        if (sink.kafka() != null) {
            checkKafka(sink.kafka(), problems);
            return "id";
        }
        if (sink.legacy() != null) {
            checkLegacy(sink.legacy(), problems);
            return "id";
        }
        MeilisearchSinkSpec m = sink.meilisearch();
        if (m.index() == null || !INDEX.matcher(m.index()).matches()) {
            problems.add(new Problem("sink.meilisearch.index", "must be 1..200 of A-Z a-z 0-9 _ -"));
        }
        String primaryKey = m.primaryKey() == null ? "id" : m.primaryKey();
        if (!ATTRIBUTE.matcher(primaryKey).matches()) {
            problems.add(new Problem("sink.meilisearch.primaryKey", "must be 1..200 of A-Z a-z 0-9 _ - ."));
        }
        checkAttributes("sink.meilisearch.searchableAttributes", m.searchableAttributes(), problems);
        checkAttributes("sink.meilisearch.filterableAttributes", m.filterableAttributes(), problems);
        checkAttributes("sink.meilisearch.sortableAttributes", m.sortableAttributes(), problems);
        checkInstances(m, knownInstances, problems);
        return primaryKey;
    }

    private static void checkInstances(MeilisearchSinkSpec m, Set<String> knownInstances, List<Problem> problems) {
        MeilisearchTopology topology = topologyOf(m);
        List<String> instances = m.instances() == null ? List.of() : m.instances();
        if (topology == MeilisearchTopology.SINGLE && instances.size() > 1) {
            problems.add(new Problem("sink.meilisearch.instances", "must name at most one instance for SINGLE"));
        }
        if (topology != MeilisearchTopology.SINGLE && (instances.size() < 2 || instances.size() > MAX_INSTANCES)) {
            problems.add(new Problem("sink.meilisearch.instances", "must name 2.." + MAX_INSTANCES + " instances for "
                    + topology));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < instances.size(); i++) {
            String instance = instances.get(i);
            String path = "sink.meilisearch.instances[" + i + "]";
            if (instance == null || !INSTANCE.matcher(instance).matches()) {
                problems.add(new Problem(path, "must match [a-z0-9][a-z0-9_-]{0,63}"));
            } else if (!seen.add(instance)) {
                problems.add(new Problem(path, "repeats " + instance));
            } else if (knownInstances != null && !knownInstances.contains(instance)) {
                problems.add(new Problem(path, "names no configured Meilisearch instance (known: "
                        + knownInstances.stream().sorted().toList() + ")"));
            }
        }
    }

    private static void checkKafka(KafkaSinkSpec kafka, List<Problem> problems) {
        List<KafkaTopicSpec> topics = kafka.topics() == null ? List.of() : kafka.topics();
        if (topics.isEmpty() || topics.size() > MAX_TOPICS) {
            problems.add(new Problem("sink.kafka.topics", "must list 1.." + MAX_TOPICS + " topics"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < topics.size(); i++) {
            String path = "sink.kafka.topics[" + i + "]";
            KafkaTopicSpec topic = topics.get(i);
            if (topic == null) {
                problems.add(new Problem(path, "is required"));
                continue;
            }
            if (topic.topic() == null || !TOPIC.matcher(topic.topic()).matches()) {
                problems.add(new Problem(path + ".topic", "must be 1..200 of A-Z a-z 0-9 . _ -"));
            } else if (!seen.add(topic.topic())) {
                problems.add(new Problem(path + ".topic", "repeats " + topic.topic()));
            }
            if (topic.format() == null) {
                problems.add(new Problem(path + ".format", "is required: EVENTS or STATE"));
            }
        }
    }

    private static void checkLegacy(LegacySinkSpec legacy, List<Problem> problems) {
        if (legacy.dataSource() == null || !DATA_SOURCE.matcher(legacy.dataSource()).matches()) {
            problems.add(new Problem("sink.legacy.dataSource", "must name a configured data source, e.g. legacy"));
        }
        if (legacy.table() == null || !TABLE.matcher(legacy.table()).matches()) {
            problems.add(new Problem("sink.legacy.table",
                    "must be a lowercase table name, optionally schema-qualified (schema.table)"));
        }
    }

    private static void checkAttributes(String field, List<String> attributes, List<Problem> problems) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            problems.add(new Problem(field, "must list at most " + MAX_ATTRIBUTES + " attributes"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < attributes.size(); i++) {
            String attribute = attributes.get(i);
            if (attribute == null || !ATTRIBUTE.matcher(attribute).matches()) {
                problems.add(new Problem(field + "[" + i + "]", "must be 1..200 of A-Z a-z 0-9 _ - ."));
            } else if (!seen.add(attribute)) {
                problems.add(new Problem(field + "[" + i + "]", "repeats " + attribute));
            }
        }
    }

    private static void checkFilter(FilterSpec filter, List<Problem> problems) {
        if (filter == null) {
            return;
        }
        List<String> types = filter.eventTypes() == null ? List.of() : filter.eventTypes();
        for (int i = 0; i < types.size(); i++) {
            if (!ThingChange.EVENT_TYPE_NAMES.contains(types.get(i))) {
                problems.add(new Problem("filter.eventTypes[" + i + "]",
                        "must be one of " + String.join(", ", ThingChange.EVENT_TYPE_NAMES)));
            }
        }
        List<FieldCondition> conditions = filter.conditions() == null ? List.of() : filter.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            checkCondition("filter.conditions[" + i + "]", conditions.get(i), problems);
        }
    }

    private static void checkCondition(String path, FieldCondition condition, List<Problem> problems) {
        if (condition == null) {
            problems.add(new Problem(path, "is required"));
            return;
        }
        String kind = condition.field() == null ? null : THING_FIELDS.get(condition.field());
        if (kind == null) {
            problems.add(new Problem(path + ".field", "must be one of id, name, foo, version, createdOn, updatedOn"));
        }
        if (condition.operator() == null) {
            problems.add(new Problem(path + ".operator", "is required"));
            return;
        }
        List<String> values = condition.values() == null ? List.of() : condition.values();
        int expected = switch (condition.operator()) {
            case EXISTS -> 0;
            case IN -> -1;
            default -> 1;
        };
        if (expected == 0 && !values.isEmpty()) {
            problems.add(new Problem(path + ".values", "must be empty for exists"));
        } else if (expected == 1 && values.size() != 1) {
            problems.add(new Problem(path + ".values", "must hold exactly one value"));
        } else if (expected == -1 && values.isEmpty()) {
            problems.add(new Problem(path + ".values", "must hold at least one value"));
        }
        if ((condition.operator() == ConditionOperator.GT || condition.operator() == ConditionOperator.LT)
            && "text".equals(kind)) {
            problems.add(new Problem(path + ".operator", "gt and lt need a number or instant field"));
        }
        for (int v = 0; v < values.size() && kind != null; v++) {
            if (!parses(kind, values.get(v))) {
                problems.add(new Problem(path + ".values[" + v + "]", "must be " + ("number".equals(kind)
                        ? "a number" : "instant".equals(kind) ? "an ISO-8601 instant" : "text")));
            }
        }
    }

    private static boolean parses(String kind, String value) {
        if (value == null) {
            return false;
        }
        try {
            switch (kind) {
                case "number" -> {
                    return Double.isFinite(Double.parseDouble(value));
                }
                case "instant" -> Instant.parse(value);
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    private static void checkTransform(List<FieldTransform> transform, String primaryKey, List<Problem> problems) {
        if (transform == null) {
            return;
        }
        for (int i = 0; i < transform.size(); i++) {
            String path = "transform[" + i + "]";
            FieldTransform step = transform.get(i);
            if (step == null) {
                problems.add(new Problem(path, "is required"));
                continue;
            }
            if (step.field() == null || !ATTRIBUTE.matcher(step.field()).matches()) {
                problems.add(new Problem(path + ".field", "must be 1..200 of A-Z a-z 0-9 _ - ."));
            }
            if (step.kind() == null) {
                problems.add(new Problem(path + ".kind", "is required"));
                continue;
            }
            boolean touchesKey = primaryKey.equals(step.field());
            switch (step.kind()) {
                case RENAME -> {
                    if (step.to() == null || !ATTRIBUTE.matcher(step.to()).matches()) {
                        problems.add(new Problem(path + ".to", "must be 1..200 of A-Z a-z 0-9 _ - ."));
                    }
                    if (touchesKey) {
                        problems.add(new Problem(path + ".field", "the primary key cannot be renamed"));
                    }
                }
                case DROP -> {
                    if (touchesKey) {
                        problems.add(new Problem(path + ".field", "the primary key cannot be dropped"));
                    }
                }
                case MULTIPLY -> {
                    if (step.factor() == null || !Double.isFinite(step.factor())) {
                        problems.add(new Problem(path + ".factor", "must be a finite number"));
                    }
                }
                case ROUND -> {
                    if (step.scale() == null || step.scale() < 0 || step.scale() > 10) {
                        problems.add(new Problem(path + ".scale", "must be between 0 and 10"));
                    }
                }
                case CONSTANT -> {
                    if (step.value() == null) {
                        problems.add(new Problem(path + ".value", "is required"));
                    }
                    if (touchesKey) {
                        problems.add(new Problem(path + ".field", "the primary key cannot be a constant"));
                    }
                }
            }
        }
    }

    private static void checkOptions(TaskOptions options, List<Problem> problems) {
        if (options == null) {
            return;
        }
        range("options.batchSize", options.batchSize(), 1, 10_000, problems);
        range("options.batchTimeoutMillis", options.batchTimeoutMillis(), 100, 600_000, problems);
        range("options.segments", options.segments(), 1, 16, problems);
        range("options.threads", options.threads(), 1, 16, problems);
    }

    private static void range(String field, Number value, long min, long max, List<Problem> problems) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            problems.add(new Problem(field, "must be between " + min + " and " + max));
        }
    }
}
