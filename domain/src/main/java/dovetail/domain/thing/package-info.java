/** The Thing language: commands, events, queries, views and the errors a Thing command can answer. */
package dovetail.domain.thing;
