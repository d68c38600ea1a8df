package dovetail.domain.migration;

/** Asks to snapshot the legacy table into ImportThing commands (or to go on with a backfill a crash stopped). */
public record StartBackfill() {
}
