package dovetail.domain.migration;

/** Asks to make the legacy store primary again, once the legacy projection has caught up. */
public record RollBack() {
}
