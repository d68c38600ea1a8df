/** Sync tasks: where the Thing event stream flows (sink), what of it (filter), in what shape (transform), and how. */
package dovetail.domain.synctask;
