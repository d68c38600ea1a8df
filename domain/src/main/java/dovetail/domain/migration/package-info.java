/**
 * The migration off the legacy store: its mode (which side is primary), backfill and capture progress, the dual-run
 * verifier's report, the repair of the drift it reports, and the commands that move the mode on (cutover, rollback,
 * retirement).
 */
package dovetail.domain.migration;
