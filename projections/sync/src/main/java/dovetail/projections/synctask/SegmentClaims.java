package dovetail.projections.synctask;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A history reader's position: it lives in the token store under the processor's name, claimed segment by segment
 * as the pooled processor claims it, so no other instance delivers meanwhile, and a restarted or another instance
 * goes on from it. A claim lapses unless extended (or a position stored) within {@link #EXTENSION}.
 */
final class SegmentClaims {

    /** How often the claims are extended while nothing is stored. */
    static final Duration EXTENSION = Duration.ofSeconds(2);
    /** What {@link #claim()} answers when the position cannot be claimed. */
    static final TrackingToken NOT_CLAIMED = new GlobalSequenceTrackingToken(-1);
    private static final Logger log = LoggerFactory.getLogger(SegmentClaims.class);

    private final String name;
    private final int segments;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    /** The segments claimed: those the position is stored in, and released at the end. */
    private final Set<Integer> claimed = ConcurrentHashMap.newKeySet();

    /** @param segments how many segments the processor {@code name} gets when it has none yet */
    SegmentClaims(String name, int segments, TokenStore tokens, TransactionManager transactions) {
        this.name = name;
        this.segments = segments;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    /**
     * The position, with every segment claimed for this instance; {@link #NOT_CLAIMED} while another instance
     * holds one, or when the segments stand at different positions.
     */
    TrackingToken claim() {
        return transactions.fetchInTransaction(() -> {
            int[] existing = tokens.fetchSegments(name);
            if (existing.length == 0) {
                tokens.initializeTokenSegments(name, segments, null);
                existing = tokens.fetchSegments(name);
            }
            TrackingToken position = null;
            boolean first = true;
            try {
                for (int segment : existing) {
                    TrackingToken token = tokens.fetchToken(name, segment);
                    claimed.add(segment);
                    if (!first && !Objects.equals(token, position)) {
                        return NOT_CLAIMED;
                    }
                    position = token;
                    first = false;
                }
            } catch (UnableToClaimTokenException heldElsewhere) {
                return NOT_CLAIMED;
            }
            return position;
        });
    }

    /** Stores the position in every segment claimed, in the caller's transaction (which extends the claims). */
    void store(TrackingToken position) {
        for (int segment : claimed) {
            tokens.storeToken(position, name, segment);
        }
    }

    /**
     * Extends the claims held when {@link #EXTENSION} has passed since {@code lastExtended} (a {@link System#nanoTime}
     * reading); answers when they were last extended.
     */
    long extendIfDue(long lastExtended) {
        if (claimed.isEmpty() || System.nanoTime() - lastExtended <= EXTENSION.toNanos()) {
            return lastExtended;
        }
        transactions.executeInTransaction(() -> claimed.forEach(segment -> tokens.extendClaim(name, segment)));
        return System.nanoTime();
    }

    /** Releases the claims, so another instance (or the pooled processor) can take the position. */
    void release() {
        if (claimed.isEmpty()) {
            return;
        }
        try {
            transactions.executeInTransaction(() -> claimed.forEach(segment -> tokens.releaseClaim(name, segment)));
            claimed.clear();
        } catch (RuntimeException e) {
            log.debug("Could not release the claims of {}: {}", name, e.toString());
        }
    }
}
