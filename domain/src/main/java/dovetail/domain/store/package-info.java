/** What every reader of the event store must compute alike: how its positions keep gaps. */
package dovetail.domain.store;
