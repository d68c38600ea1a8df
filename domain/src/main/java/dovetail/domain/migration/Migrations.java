package dovetail.domain.migration;

/** The one migration a deployment has: its aggregate id. */
public final class Migrations {

    public static final String ID = "legacy-migration";

    private Migrations() {
    }
}
