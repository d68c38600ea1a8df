package dovetail.domain.thing;

import java.util.List;

/**
 * Imports many Things in one transaction (a backfill page): each as {@link ImportThing} would, answered with one
 * {@link ThingOutcome} per import, in order. Ids must not repeat within one batch.
 */
public record ImportThings(List<ImportThing> imports) {

    public ImportThings {
        imports = List.copyOf(imports);
    }
}
