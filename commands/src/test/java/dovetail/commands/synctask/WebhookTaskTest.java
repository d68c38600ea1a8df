package dovetail.commands.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.synctask.AllowedWebhookHosts;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.InvalidTaskDefinition;
import dovetail.domain.synctask.KnownMeilisearchInstances;
import dovetail.domain.synctask.ReconfigureSyncTask;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskAccepted;
import dovetail.domain.synctask.SyncTaskCreated;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskDeleted;
import dovetail.domain.synctask.SyncTaskReconfigured;
import dovetail.domain.synctask.SyncTaskRules;
import dovetail.domain.synctask.SyncTaskStatus;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.synctask.WebhookSinkSpec;
import dovetail.domain.thing.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A webhook task: its host must be allowed here, and its secret is kept but never answered. */
class WebhookTaskTest {

    private static final String ID = "hooks";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SECRET = "a-secret-of-24-characters";

    private static SyncTaskDefinition webhook(String url, WebhookFormat format, String secret) {
        return SyncTaskRules.withDefaults(new SyncTaskDefinition(new SinkSpec(new WebhookSinkSpec(url, format, secret)),
                null, null, null));
    }

    private static AggregateTestFixture<SyncTask> fixture(String... allowedHosts) {
        AggregateTestFixture<SyncTask> fixture = new AggregateTestFixture<>(SyncTask.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (allowedHosts.length > 0) {
            beans.addBean("allowedWebhookHosts", new AllowedWebhookHosts(Set.of(allowedHosts)));
        }
        fixture.registerAnnotatedCommandHandler(new SyncTaskCommandHandler(fixture.getRepository(),
                fixture.getEventStore(), Clock.fixed(NOW, ZoneOffset.UTC),
                beans.getBeanProvider(KnownMeilisearchInstances.class), beans.getBeanProvider(AllowedWebhookHosts.class)));
        return fixture;
    }

    @Test
    void aTaskIsCreatedWithItsSecretAndAnswersWithout() {
        SyncTaskDefinition definition = webhook("https://hooks.example.com/in", WebhookFormat.EVENTS, SECRET);

        fixture("hooks.example.com").givenNoPriorActivity()
               .when(new CreateSyncTask(ID, definition))
               .expectEvents(new SyncTaskCreated(ID, definition, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, definition.withoutSecrets(), SyncTaskStatus.ACTIVE));
        fixture("hooks.example.com").given(new SyncTaskCreated(ID, definition, NOW))
               .when(new DeleteSyncTask(ID, true))
               .expectEvents(new SyncTaskDeleted(ID, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, definition.withoutSecrets(),
                       SyncTaskStatus.DELETED));
    }

    @Test
    void aHostThisDeploymentDoesNotAllowIsRefusedAndNothingIsStored() {
        fixture("hooks.example.com").givenNoPriorActivity()
               .when(new CreateSyncTask(ID, webhook("http://10.0.0.1/admin", WebhookFormat.STATE, SECRET)))
               .expectNoEvents()
               .expectResultMessagePayload(new InvalidTaskDefinition(List.of(new Problem("sink.webhook.url",
                       "names host 10.0.0.1, which is not in dovetail.webhooks.allowed-hosts (allowed: "
                       + "[hooks.example.com])"))));
    }

    @Test
    void withoutAnAllowListNoWebhookCanBeCreated() {
        fixture().givenNoPriorActivity()
               .when(new CreateSyncTask(ID, webhook("https://hooks.example.com/in", WebhookFormat.EVENTS, SECRET)))
               .expectNoEvents()
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(InvalidTaskDefinition.class));
    }

    @Test
    void aCreatedTaskNeedsASecretButAnUpdateKeepsTheOneItLeavesOut() {
        fixture("hooks.example.com").givenNoPriorActivity()
               .when(new CreateSyncTask(ID, webhook("https://hooks.example.com/in", WebhookFormat.EVENTS, null)))
               .expectNoEvents()
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(InvalidTaskDefinition.class));

        SyncTaskDefinition created = webhook("https://hooks.example.com/in", WebhookFormat.EVENTS, SECRET);
        SyncTaskDefinition moved = webhook("https://hooks.example.com/v2", WebhookFormat.STATE, SECRET);
        fixture("hooks.example.com").given(new SyncTaskCreated(ID, created, NOW))
               .when(new ReconfigureSyncTask(ID, webhook("https://hooks.example.com/v2", WebhookFormat.STATE, null)))
               .expectEvents(new SyncTaskReconfigured(ID, moved, NOW))
               .expectResultMessagePayload(new SyncTaskAccepted(ID, moved.withoutSecrets(), SyncTaskStatus.ACTIVE));
        // the same definition without its secret changes nothing
        fixture("hooks.example.com").given(new SyncTaskCreated(ID, created, NOW))
               .when(new ReconfigureSyncTask(ID, created.withoutSecrets()))
               .expectNoEvents();
        assertThat(created.withoutSecrets().sink().webhook().secret()).isNull();
    }
}
