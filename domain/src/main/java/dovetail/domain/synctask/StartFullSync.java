package dovetail.domain.synctask;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replays the whole event store into the task's sink. A Meilisearch task builds a fresh index beside the live one
 * and swaps it in once it has caught up; other sinks replay in place (idempotently). Asking again while a full
 * sync runs changes nothing.
 */
public record StartFullSync(@TargetAggregateIdentifier String id) {
}
