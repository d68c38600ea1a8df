package dovetail.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What must hold at every stage of a dual run, whichever side is primary. No change is lost: the legacy table and
 * the read model hold the same ids at the same versions. No change loops: every Thing's events carry strictly
 * rising versions (a change coming back at a version Dovetail holds would add an event at the same version, so no
 * Thing has more events than its versions span), and once both sides agree nothing more is appended or written
 * while nobody writes (a change bouncing between the sides would keep adding events and bumping versions).
 */
public final class LossAndLoopCheck {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final LegacyDatabase legacy;
    private final JdbcTemplate dovetail;
    private final ReadModel readModel;

    public LossAndLoopCheck(LegacyDatabase legacy, JdbcTemplate dovetail) {
        this.legacy = legacy;
        this.dovetail = dovetail;
        this.readModel = new ReadModel(dovetail);
    }

    /** Checks the stage and answers how many Thing events the event store holds at its end. */
    public long assertAt(String stage) {
        await(stage + ": the legacy table and the read model agree on ids and versions").atMost(CONVERGE)
                .untilAsserted(() -> assertThat(readModel.versions()).as(stage).isEqualTo(legacy.versions()));
        List<String> looping = new EventStore(dovetail).thingsWhoseVersionsDoNotRise();
        assertThat(looping).as(stage + ": Things whose versions do not rise with every event").isEmpty();
        long events = thingEvents();
        Map<String, Long> versions = legacy.versions();
        await(stage + ": nothing is appended or written while nobody writes").during(QUIET)
                .atMost(QUIET.plusSeconds(3))
                .until(() -> thingEvents() == events && legacy.versions().equals(versions));
        return events;
    }

    /** Thing events in the event store (not the migration's or the sync tasks' own). */
    public long thingEvents() {
        Long count = dovetail.queryForObject("select count(*) from domain_event_entry where type = 'Thing'",
                Long.class);
        return count == null ? 0 : count;
    }
}
