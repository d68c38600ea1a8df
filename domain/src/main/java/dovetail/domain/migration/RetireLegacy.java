package dovetail.domain.migration;

/** Asks to stop keeping the legacy store (from {@code NEW_PRIMARY} only; there is no way back). */
public record RetireLegacy() {
}
