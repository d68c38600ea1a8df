/**
 * What every reader and writer of the event store must agree on: how its positions keep gaps, and which types it
 * holds as events at which revision.
 */
package dovetail.domain.store;
