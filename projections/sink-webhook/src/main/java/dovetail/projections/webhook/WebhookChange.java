package dovetail.projections.webhook;

import dovetail.domain.thing.ThingChange;

/**
 * One change a webhook task posts: what it does to the Thing (its new state, or its removal, possibly because the
 * Thing left the task's filter) and the Thing event it comes from.
 */
record WebhookChange(ThingChange change, Object event) {

    String thingId() {
        return change.id();
    }

    long version() {
        return change.version();
    }
}
