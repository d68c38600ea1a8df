package dovetail.embedded.spring;

/**
 * A fixed development-mode port that something else holds already: most often another Dovetail in development
 * mode. Starting anyway could point this application at the other one's engines (a Meilisearch answering its health
 * check on that port is not ours), so development mode stops before it starts any engine.
 */
public final class EnginePortInUse extends RuntimeException {

    private final String engine;
    private final int port;
    private final String property;

    EnginePortInUse(String engine, int port, String property) {
        super(engine + " cannot start: port " + port + " on 127.0.0.1 is in use (set by " + property + ")");
        this.engine = engine;
        this.port = port;
        this.property = property;
    }

    public String engine() {
        return engine;
    }

    public int port() {
        return port;
    }

    public String property() {
        return property;
    }
}
