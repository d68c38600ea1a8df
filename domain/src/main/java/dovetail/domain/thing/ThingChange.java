package dovetail.domain.thing;

import java.util.List;
import java.util.Optional;

/**
 * What a Thing event does to any copy of Thing state (a table row, a search document, a topic record): put the
 * new state, or remove it. Every projection maps events through {@link #of(Object)}, so the mapping exists once.
 */
public sealed interface ThingChange {

    String id();

    long version();

    /** The Thing now has this state. */
    record Upsert(ThingView thing) implements ThingChange {
        @Override
        public String id() {
            return thing.id();
        }

        @Override
        public long version() {
            return thing.version();
        }
    }

    /** The Thing is gone as of this version. */
    record Removal(String id, long version) implements ThingChange {
    }

    /** The types of the events about a Thing: those {@link #of} maps to a change. */
    List<Class<?>> EVENT_TYPES = List.of(ThingCreated.class, ThingUpdated.class, ThingDeleted.class,
            ThingImported.class, ThingErased.class);

    /** The names of those types, as a task's filter, a Thing's history and the event topic's records give them. */
    List<String> EVENT_TYPE_NAMES = EVENT_TYPES.stream().map(Class::getSimpleName).toList();

    /** Whether events of this type are about a Thing. */
    static boolean isThingEvent(Class<?> type) {
        return EVENT_TYPES.contains(type);
    }

    /**
     * The change an event makes, or empty for an event that is not about a Thing. An erasure removes the Thing, and so
     * does every earlier event of an erased Thing: its name reads as null (its key is gone), and no copy may hold what
     * is left of it.
     */
    static Optional<ThingChange> of(Object event) {
        if (event instanceof ThingCreated e && e.name() == null) {
            return Optional.of(new Removal(e.id(), e.version()));
        }
        if (event instanceof ThingUpdated e && e.name() == null) {
            return Optional.of(new Removal(e.id(), e.version()));
        }
        if (event instanceof ThingImported e && e.name() == null) {
            return Optional.of(new Removal(e.id(), e.version()));
        }
        if (event instanceof ThingCreated e) {
            return Optional.of(new Upsert(new ThingView(e.id(), e.name(), e.foo(), e.createdOn(), e.createdOn(), e.version())));
        }
        if (event instanceof ThingUpdated e) {
            return Optional.of(new Upsert(new ThingView(e.id(), e.name(), e.foo(), e.createdOn(), e.updatedOn(), e.version())));
        }
        if (event instanceof ThingImported e) {
            return Optional.of(new Upsert(new ThingView(e.id(), e.name(), e.foo(), e.createdOn(), e.updatedOn(), e.version())));
        }
        if (event instanceof ThingDeleted e) {
            return Optional.of(new Removal(e.id(), e.version()));
        }
        if (event instanceof ThingErased e) {
            return Optional.of(new Removal(e.id(), e.version()));
        }
        return Optional.empty();
    }
}
