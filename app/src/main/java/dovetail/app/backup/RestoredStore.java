package dovetail.app.backup;

import org.axonframework.lifecycle.Phase;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At every start, before any processor or sync task runs and before requests are taken: rebuilds the read model
 * after an import, and sets back the positions that are beyond the store's head.
 */
@Component
class RestoredStore implements SmartLifecycle {

    private final ReadModelRebuild rebuild;
    private final PositionsPastHead positions;
    private volatile boolean running;

    RestoredStore(ReadModelRebuild rebuild, PositionsPastHead positions) {
        this.rebuild = rebuild;
        this.positions = positions;
    }

    @Override
    public void start() {
        rebuild.rebuildIfImported();
        positions.reset();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before Axon registers its handlers and starts its processors (and so before the sync tasks and the web server). */
    @Override
    public int getPhase() {
        return Phase.OUTBOUND_EVENT_CONNECTORS - 1;
    }
}
