package dovetail.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dovetail.app.support.DovetailTest;
import dovetail.app.support.LegacyDatabase;
import dovetail.app.support.TestTokens;
import dovetail.app.support.ThingRequests;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator console in a real (headless) Chromium against a whole Dovetail on real engines: what an operator
 * sees and does, checked through the page and, behind it, through the API. Dovetail follows a legacy store, as in
 * development mode, so the migration has something to show.
 */
@ExtendWith(Browser.Required.class)
@DovetailTest
@AutoConfigureObservability
@TestPropertySource(properties = {"spring.graphql.graphiql.enabled=true",
        "dovetail.webhooks.allowed-hosts=127.0.0.1", "dovetail.tracing.viewer-url=" + ConsoleIT.TRACE_VIEWER})
class ConsoleIT {

    static final String TRACE_VIEWER = "http://127.0.0.1:16686/trace/{traceId}";

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Far above the ids Dovetail hands out in the other tests, so no legacy row meets a Thing made here. */
    private static final long LEGACY_IDS = 500_000;
    private static final int LEGACY_ROWS = 12;

    static Browser browser;
    static LegacyDatabase legacy;

    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) {
                return;
            }
            // what the page looked like and logged, for whoever reads the failure
            browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
            System.err.println("Browser log at failure: " + browser.errors());
        }
    };

    @LocalServerPort
    int port;

    @Autowired
    HttpGraphQlTester graphQl;

    String base;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (Browser.installed()) {
            browser = Browser.start();
        }
    }

    /** Rows the legacy system held before Dovetail followed its table: only a backfill brings them in. */
    @BeforeAll
    static void legacyRows() {
        legacy = LegacyDatabase.of(ConsoleIT.class);
        legacy.insert(LEGACY_IDS, LEGACY_ROWS);
    }

    @DynamicPropertySource
    static void legacyStore(DynamicPropertyRegistry registry) {
        LegacyDatabase.of(ConsoleIT.class).register(registry);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp() {
        base = "http://127.0.0.1:" + port;
        browser.resize(Browser.WIDE, 900);
    }

    @Test
    void aThingCreatedThroughTheApiIsFoundWhileTypingWithTypos() {
        String id = ThingRequests.create(graphQl, "Tessellated copper lantern", 7.5);
        String markup = ThingRequests.create(graphQl, "<img src=x onerror=alert(1)> lantern", 1);
        awaitSearchable(id, markup);
        browser.signIn(base, TestTokens.READ);
        browser.go("#/things");

        browser.find(By.id("thing-search")).sendKeys("tesselated lantern");
        // the hit, with the misspelt word found and marked
        browser.await(driver -> driver.findElements(By.cssSelector("#thing-results [data-thing='" + id + "'] mark"))
                .stream().map(WebElement::getText).toList().containsAll(List.of("Tessellated", "lantern")));
        WebElement hit = browser.find(By.cssSelector("#thing-results [data-thing='" + id + "']"));
        assertThat(hit.getText()).contains("Tessellated copper lantern", "#" + id, "foo 7.5");

        // names are data, never markup
        WebElement box = browser.find(By.id("thing-search"));
        box.clear();
        box.sendKeys("lantern");
        WebElement odd = browser.find(By.cssSelector("#thing-results [data-thing='" + markup + "']"));
        assertThat(odd.getText()).contains("<img src=x onerror=alert(1)> lantern");
        assertThat(odd.findElements(By.tagName("img"))).isEmpty();

        // a Thing's page: its state and its history from the event store
        graphQl.documentName("updateThing").variables(Map.of("id", id, "name", "Tessellated brass lantern",
                "foo", 8.0, "expectedVersion", 1)).execute().path("updateThing.version").entity(Integer.class).isEqualTo(2);
        browser.go("#/things/" + id);
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.events tbody tr"), 2));
        assertThat(browser.find(By.cssSelector(".thing-name")).getText()).isEqualTo("Tessellated brass lantern");
        assertThat(browser.driver().findElements(By.cssSelector("table.events tbody tr")))
                .extracting(row -> row.getDomAttribute("data-type")).containsExactly("ThingCreated", "ThingUpdated");
        // each event links to the trace of the request that appended it, in the configured viewer
        assertThat(browser.driver().findElements(By.cssSelector("table.events tbody tr td.trace a")))
                .hasSize(2).allSatisfy(link -> assertThat(link.getDomAttribute("href"))
                        .matches(TRACE_VIEWER.replace("{traceId}", "[0-9a-f]{32}")));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void pausingAndResumingATaskFromTheConsoleShowsItsStatusLive() {
        createTask("pausable", Map.of());
        browser.signIn(base, TestTokens.OPERATOR);
        String card = "[data-task='pausable']";
        awaitText(card + " .badge", "Active");

        browser.find(By.cssSelector(card + " [data-action='toggle']")).click();
        awaitText(card + " .badge", "Paused");
        assertThat(status("pausable")).isEqualTo("PAUSED");
        assertThat(browser.find(By.cssSelector(card + " [data-action='toggle']")).getText()).isEqualTo("Resume");

        // a change made elsewhere shows up without a reload
        graphQl.documentName("taskLifecycle").operationName("resumeSyncTask").variable("id", "pausable").execute()
               .path("resumeSyncTask.status").entity(String.class).isEqualTo("ACTIVE");
        awaitText(card + " .badge", "Active");

        // on the task's page, the action is reachable with the keyboard alone
        browser.go("#/tasks/pausable");
        awaitText("h1 .badge", "Active");
        WebElement toggle = tabTo(By.cssSelector("[data-action='toggle']"));
        toggle.sendKeys(Keys.ENTER);
        awaitText("h1 .badge", "Paused");
        assertThat(status("pausable")).isEqualTo("PAUSED");
        // an operator may pause, but not change, fully sync or delete a task
        assertThat(browser.driver().findElements(By.cssSelector("[data-action='full-sync'], [data-action='delete']")))
                .isEmpty();
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void aDeadLetterIsReprocessedFromTheConsoleAfterTheFix() {
        // names become document ids, and Meilisearch refuses one with a space
        createTask("console-poison", Map.of("transform", List.of(Map.of("field", "name", "kind", "RENAME", "to", "id"))));
        String bad = ThingRequests.create(graphQl, "bad name", 2);
        await().atMost(PATIENCE).until(() -> graphQl.documentName("deadLetters").operationName("deadLetters").variable("taskId", "console-poison")
                .variable("first", 1000).execute().path("deadLetters.letters[*].thingId").entityList(String.class).get()
                .contains(bad));
        browser.signIn(base, TestTokens.OPERATOR);
        browser.go("#/dead-letters/console-poison");
        // the task started from the first event, so Things of other tests may be parked before this one
        browser.driver().findElements(By.xpath("//button[starts-with(normalize-space(), 'Show all')]"))
               .forEach(WebElement::click);
        browser.find(By.cssSelector("tr[data-thing='" + bad + "']"));
        assertThat(browser.find(By.cssSelector(".error-group h2")).getText()).contains("primary key id must be");

        // the fix: Thing ids as document ids again
        graphQl.documentName("updateSyncTask").variable("input", Map.of("id", "console-poison",
                        "sink", Map.of("meilisearch", Map.of("index", "console-poison"))))
               .execute().path("updateSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
        browser.find(By.cssSelector("[data-action='reprocess']")).click();

        browser.find(By.cssSelector(".all-clear"));
        graphQl.documentName("deadLetters").operationName("deadLetters").variable("taskId", "console-poison").variable("first", 0).execute()
               .path("deadLetters.total").entity(Double.class).isEqualTo(0.0);
        WebElement toast = browser.find(By.cssSelector(".toast"));
        assertThat(toast.getText()).contains("delivered", "0 remaining");
        // a notice never has to be waited out: a click puts it away
        toast.click();
        assertThat(browser.driver().findElements(By.cssSelector(".toast"))).isEmpty();
        // an operator reprocesses; only an admin evicts
        assertThat(browser.driver().findElements(By.cssSelector("[data-action='evict-all']"))).isEmpty();
    }

    /**
     * Backfill the legacy rows; two of them then change behind capture's back (content without a new version, a
     * version going back), and the verifier run from the page lists them with each side's version. Cutover is
     * refused over that drift and the refusal shows; forced, it goes through; rollback is a keyboard away. Back with
     * the legacy store primary, a dry run of the drift repair lists what it would do, and the repair brings the sides
     * into agreement. The audit trail records every step, and only an admin is offered the steps.
     */
    @Test
    void theMigrationIsVerifiedCutOverDespiteDriftAndRolledBack() {
        browser.signIn(base, TestTokens.ADMIN);
        browser.go("#/migration");
        awaitText("h1 .badge", "Legacy primary");
        awaitText("[data-source] .badge", "Running");
        assertThat(browser.driver().findElements(By.cssSelector("[data-action='roll-back'], [data-action='retire']")))
                .noneMatch(WebElement::isDisplayed);

        browser.find(By.cssSelector("[data-action='backfill']")).click();
        awaitText("[aria-labelledby='backfill-heading'] .badge", "Completed");
        long different = LEGACY_IDS + 7;
        long stale = LEGACY_IDS + 9;
        graphQl.documentName("thing").variable("id", "" + stale).execute()
               .path("thing.version").entity(Long.class).isEqualTo(4L);
        legacy.jdbc().update("update things set name = 'changed behind capture' where id = ?", different);
        legacy.jdbc().update("update things set version = version - 1 where id = ?", stale);

        browser.find(By.cssSelector("[data-action='verify']")).click();
        assertDriftRow(different, "Different: same version, other content", "2", "2");
        assertDriftRow(stale, "Stale: versions differ", "3", "4");
        Map<String, Double> counts = graphQl.documentName("migration").execute().path("migration.lastReport.counts")
                .entity(new ParameterizedTypeReference<Map<String, Double>>() { }).get();
        Map.of("legacy-rows", "legacyRows", "new-rows", "newRows", "missing-in-new", "missingInNew",
                "missing-in-legacy", "missingInLegacy", "stale", "stale", "different", "different", "total", "total")
           .forEach((shown, field) -> assertThat(browser.find(By.cssSelector("[data-count='" + shown + "']")).getText())
                   .as(field).isEqualTo(String.format(Locale.US, "%,d", counts.get(field).longValue())));

        // the drift stops a plain cutover, and the page says why
        browser.find(By.cssSelector("[data-action='cut-over']")).click();
        WebElement force = browser.find(By.cssSelector("dialog.confirm input[name='force']"));
        assertThat(browser.find(By.cssSelector("dialog.confirm label[for='" + force.getDomAttribute("id") + "']"))
                .getText()).isEqualTo("Cut over despite the drift (force)");
        assertThat(force.isSelected()).isFalse();
        browser.find(By.cssSelector("dialog.confirm button[value='confirm']")).click();
        awaitText(".toast-error", "rows differ between the legacy table and Dovetail");
        assertThat(mode()).isEqualTo("LEGACY_PRIMARY");

        browser.find(By.cssSelector("[data-action='cut-over']")).click();
        browser.find(By.cssSelector("dialog.confirm input[name='force']")).click();
        browser.find(By.cssSelector("dialog.confirm button[value='confirm']")).click();
        awaitText("h1 .badge", "Dovetail primary");
        assertThat(mode()).isEqualTo("NEW_PRIMARY");
        awaitText("ol.history li[data-type='MigrationCutOver']", "forced over");
        assertThat(browser.find(By.cssSelector("[data-action='roll-back']")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.cssSelector("[data-action='cut-over']")).isDisplayed()).isFalse();
        assertFits("#/migration");
        // the notices of the steps so far would cover the page in the picture
        browser.driver().executeScript("document.getElementById('toasts').replaceChildren()");
        browser.screenshot("console-migration");
        browser.resize(Browser.PHONE, 844);
        assertFits("#/migration on a phone");
        browser.resize(Browser.WIDE, 900);

        tabTo(By.cssSelector("[data-action='roll-back']")).sendKeys(Keys.ENTER);
        browser.find(By.cssSelector("dialog.confirm button[value='confirm']")).sendKeys(Keys.ENTER);
        awaitText("h1 .badge", "Legacy primary");
        assertThat(mode()).isEqualTo("LEGACY_PRIMARY");
        awaitText("ol.history li[data-type='MigrationRolledBack']", "Rolled back to legacy");
        List<String> steps = graphQl.documentName("migration").execute().path("migration.history[*].type")
                .entityList(String.class).get();
        assertThat(steps).containsSubsequence("MigrationBackfillStarted", "MigrationBackfillCompleted",
                "MigrationCutOver", "MigrationRolledBack");
        assertThat(browser.driver().findElements(By.cssSelector("ol.history li")))
                .extracting(item -> item.getDomAttribute("data-type")).isEqualTo(steps);

        // the drift is still there: a dry run beside the verifier lists its repair and changes nothing
        browser.find(By.cssSelector("[data-action='verify']")).click();
        assertDriftRow(different, "Different: same version, other content", "2", "2");
        browser.find(By.cssSelector("[data-action='repair']")).click();
        assertThat(browser.find(By.cssSelector("dialog.confirm input[name='dryRun']")).isSelected()).isTrue();
        browser.find(By.cssSelector("dialog.confirm button[value='confirm']")).click();
        awaitText("table.repair caption", "would take on");
        assertThat(cells(browser.find(By.cssSelector("table.repair tr[data-id='" + stale + "']"))))
                .containsExactly("" + stale, "Stale: versions differ", "Update in Dovetail", "Planned",
                        "update Thing " + stale + " from version 4 to 5 with the legacy row's name and foo; "
                        + "things-legacy writes that version back");
        assertThat(legacy.row(stale)).containsEntry("version", 3);
        // repaired for real: the legacy store is primary, so Dovetail takes the legacy rows, and the sides agree
        browser.find(By.cssSelector("[data-action='repair']")).click();
        browser.find(By.cssSelector("dialog.confirm input[name='dryRun']")).click();
        browser.find(By.cssSelector("dialog.confirm button[value='confirm']")).click();
        awaitText("table.repair caption", "the repair took on");
        assertThat(browser.driver().findElements(By.cssSelector("table.repair tbody tr")))
                .extracting(row -> row.getDomAttribute("data-result")).containsOnly("REPAIRED").hasSize(2);
        awaitText("ol.history li[data-type='MigrationDriftRepaired']", "2 repaired");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(legacy.row(stale)).containsEntry("version", 5));
        await().atMost(PATIENCE).until(() -> !graphQl.document("mutation { verifyMigration { ... on "
                + "VerificationReport { drift } } }").execute().path("verifyMigration.drift").entity(Boolean.class).get());
        browser.find(By.cssSelector("[data-action='verify']")).click();
        awaitText("[aria-labelledby='report-heading'] .badge", "Agrees");
        assertThat(browser.driver().findElement(By.cssSelector("[data-action='repair']")).isDisplayed()).isFalse();
        assertThat(browser.errors()).isEmpty();

        // an operator may run the verifier, and is offered none of the steps
        browser.signIn(base, TestTokens.OPERATOR);
        browser.go("#/migration");
        awaitText("h1 .badge", "Legacy primary");
        assertThat(browser.driver().findElements(By.cssSelector("[data-action]")))
                .extracting(button -> button.getDomAttribute("data-action")).containsExactly("verify");
    }

    @Test
    void aRefusedTaskDefinitionShowsEachErrorNextToItsField() {
        browser.signIn(base, TestTokens.ADMIN);
        browser.go("#/tasks/new");
        browser.find(By.cssSelector("[data-path='id'] input")).sendKeys("Bad Id");
        browser.find(By.cssSelector("[data-path='sink.meilisearch.index'] input")).sendKeys("form-made");
        browser.find(By.cssSelector("[data-path='options.segments'] input")).sendKeys("99");
        browser.find(By.xpath("//button[normalize-space()='Add condition']")).click();
        new Select(browser.find(By.cssSelector("[data-path='filter.conditions[0].field'] select"))).selectByValue("name");
        new Select(browser.find(By.cssSelector("[data-path='filter.conditions[0].operator'] select")))
                .selectByValue("GT");
        browser.find(By.cssSelector("[data-path='filter.conditions[0].values'] input")).sendKeys("x");
        browser.find(By.cssSelector("button[type='submit']")).click();

        WebElement idError = browser.find(By.cssSelector("[data-path='id'] .field-error"));
        assertThat(idError.getText()).contains("must match");
        WebElement idInput = browser.find(By.cssSelector("[data-path='id'] input"));
        assertThat(idInput.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(idInput.getDomAttribute("aria-describedby")).contains(idError.getDomAttribute("id"));
        assertThat(browser.find(By.cssSelector("[data-path='options.segments'] .field-error")).getText())
                .isNotBlank();
        assertThat(browser.find(By.cssSelector("[data-path='filter.conditions[0].operator'] .field-error")).getText())
                .contains("gt and lt need a number");
        assertThat(browser.find(By.cssSelector(".error-summary")).getText()).contains("3 things to fix");
        browser.screenshot("console-task-form");
        graphQl.documentName("syncTask").variable("id", "form-made").execute().path("syncTask").valueIsNull();

        // fixed, it goes through and the task's page opens
        idInput.clear();
        idInput.sendKeys("form-made");
        WebElement segments = browser.find(By.cssSelector("[data-path='options.segments'] input"));
        segments.clear();
        segments.sendKeys("2");
        new Select(browser.find(By.cssSelector("[data-path='filter.conditions[0].field'] select"))).selectByValue("foo");
        WebElement value = browser.find(By.cssSelector("[data-path='filter.conditions[0].values'] input"));
        value.clear();
        value.sendKeys("10");
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "form-made");
        graphQl.documentName("syncTask").variable("id", "form-made").execute()
               .path("syncTask.options.segments").entity(Integer.class).isEqualTo(2);
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void editingAKafkaOrLegacyTaskKeepsItsSinkAndTheNewFormOffersEveryKind() {
        browser.signIn(base, TestTokens.ADMIN);
        // the built-in Kafka task's page shows its topics, and its form shows them as its own sink, kind fixed
        browser.go("#/tasks/things-kafka");
        awaitText("[data-config='topics']", "dovetail.things.events");
        awaitText("[data-config='topics']", "dovetail.things.state");
        browser.go("#/tasks/things-kafka/edit");
        Select kind = new Select(browser.find(By.cssSelector("[data-path='sink.type'] select")));
        assertThat(kind.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("kafka");
        assertThat(browser.find(By.cssSelector("[data-path='sink.type'] select")).isEnabled()).isFalse();
        assertThat(browser.find(By.cssSelector("[data-path='sink.kafka.topics[1].topic'] input")).getDomProperty("value"))
                .isEqualTo("dovetail.things.state");
        assertThat(new Select(browser.find(By.cssSelector("[data-path='sink.kafka.topics[1].format'] select")))
                .getFirstSelectedOption().getText()).isEqualTo("STATE");
        WebElement batchSize = browser.find(By.cssSelector("[data-path='options.batchSize'] input"));
        batchSize.clear();
        batchSize.sendKeys("321");
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "things-kafka");
        graphQl.document("{ syncTask(id: \"things-kafka\") { sink { type kafka { topics { topic format } } } "
                         + "options { batchSize } } }").execute()
               .path("syncTask.sink.type").entity(String.class).isEqualTo("kafka")
               .path("syncTask.sink.kafka.topics[*].topic").entityList(String.class)
               .containsExactly("dovetail.things.events", "dovetail.things.state")
               .path("syncTask.options.batchSize").entity(Integer.class).isEqualTo(321);

        // the legacy task saved as it is stays a legacy task
        browser.go("#/tasks/things-legacy/edit");
        assertThat(browser.find(By.cssSelector("[data-path='sink.legacy.table'] input")).getDomProperty("value"))
                .isNotBlank();
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "things-legacy");
        graphQl.document("{ syncTask(id: \"things-legacy\") { sink { type } } }").execute()
               .path("syncTask.sink.type").entity(String.class).isEqualTo("legacy");

        // a new task may have any kind of sink the API accepts
        browser.go("#/tasks/new");
        Select newKind = new Select(browser.find(By.cssSelector("[data-path='sink.type'] select")));
        assertThat(newKind.getOptions()).extracting(option -> option.getDomAttribute("value"))
                .containsExactly("meilisearch", "kafka", "legacy", "webhook");
        newKind.selectByValue("kafka");
        assertThat(browser.driver().findElement(By.cssSelector("[data-path='sink.meilisearch.index'] input"))
                .isDisplayed()).isFalse();
        browser.find(By.cssSelector("[data-path='id'] input")).sendKeys("form-kafka");
        browser.find(By.cssSelector("[data-path='sink.kafka.topics[0].topic'] input")).sendKeys("form.events");
        browser.find(By.xpath("//button[normalize-space()='Add topic']")).click();
        browser.find(By.cssSelector("[data-path='sink.kafka.topics[1].topic'] input")).sendKeys("form.state");
        new Select(browser.find(By.cssSelector("[data-path='sink.kafka.topics[1].format'] select"))).selectByValue("STATE");
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "form-kafka");
        graphQl.document("{ syncTask(id: \"form-kafka\") { sink { type kafka { topics { topic format } } } } }")
               .execute()
               .path("syncTask.sink.kafka.topics[*].format").entityList(String.class).containsExactly("EVENTS", "STATE");
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void aWebhookTaskIsMadeAndEditedInTheFormWithoutItsSecretEverShown() {
        browser.signIn(base, TestTokens.ADMIN);
        browser.go("#/tasks/new");
        new Select(browser.find(By.cssSelector("[data-path='sink.type'] select"))).selectByValue("webhook");
        browser.find(By.cssSelector("[data-path='id'] input")).sendKeys("form-webhook");
        WebElement url = browser.find(By.cssSelector("[data-path='sink.webhook.url'] input"));
        url.sendKeys("http://169.254.169.254/latest");
        WebElement secret = browser.find(By.cssSelector("[data-path='sink.webhook.secret'] input"));
        secret.sendKeys("too short");
        browser.find(By.cssSelector("button[type='submit']")).click();
        assertThat(browser.find(By.cssSelector("[data-path='sink.webhook.url'] .field-error")).getText())
                .contains("not in dovetail.webhooks.allowed-hosts");
        assertThat(browser.find(By.cssSelector("[data-path='sink.webhook.secret'] .field-error")).getText())
                .contains("16..200 characters");

        // nothing listens there: the task only has to exist, and is deleted below
        url.clear();
        url.sendKeys("http://127.0.0.1:9/form-hook");
        secret.clear();
        secret.sendKeys("a-secret-the-receiver-knows");
        new Select(browser.find(By.cssSelector("[data-path='sink.webhook.format'] select"))).selectByValue("STATE");
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "form-webhook");
        awaitText("[aria-labelledby='config-heading']", "set (never shown)");

        // its form shows the URL and format, never the secret; saved with the secret left empty, the task keeps it
        browser.go("#/tasks/form-webhook/edit");
        assertThat(browser.find(By.cssSelector("[data-path='sink.webhook.url'] input")).getDomProperty("value"))
                .isEqualTo("http://127.0.0.1:9/form-hook");
        assertThat(browser.find(By.cssSelector("[data-path='sink.webhook.secret'] input")).getDomProperty("value"))
                .isEmpty();
        new Select(browser.find(By.cssSelector("[data-path='sink.webhook.format'] select"))).selectByValue("EVENTS");
        browser.find(By.cssSelector("button[type='submit']")).click();
        awaitText("h1 .task-id", "form-webhook");
        graphQl.document("{ syncTask(id: \"form-webhook\") { sink { webhook { url format secretSet } } } }").execute()
               .path("syncTask.sink.webhook.format").entity(String.class).isEqualTo("EVENTS")
               .path("syncTask.sink.webhook.secretSet").entity(Boolean.class).isEqualTo(true);
        assertThat(browser.errors()).isEmpty();
        graphQl.documentName("taskLifecycle").operationName("deleteSyncTask").variable("id", "form-webhook")
               .variable("force", true).execute().path("deleteSyncTask.status").entity(String.class).isEqualTo("DELETED");
    }

    /** GraphiQL, as development mode serves it, needs nothing but this server: no CDN, no internet. */
    @Test
    void graphiQlLoadsFromThisServerAloneAndRunsAQuery() {
        // what a user would have typed into the Headers tab and the editor, kept where GraphiQL keeps them
        browser.openSignedOut(base);
        browser.driver().executeScript("localStorage.setItem('graphiql:headers', arguments[0]);"
                + "localStorage.setItem('graphiql:query', '{ viewer { role } }');",
                "{\"Authorization\": \"Bearer " + TestTokens.ADMIN + "\"}");
        browser.errors();
        browser.driver().get(base + "/graphiql");
        browser.find(By.cssSelector(".graphiql-execute-button")).click();
        awaitText(".result-window", "ADMIN");
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.driver().executeScript(
                "return performance.getEntriesByType('resource').map(entry => entry.name)"
                + ".concat([...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href))");
        assertThat(loaded).filteredOn(url -> !url.startsWith("data:")).isNotEmpty()
                .allSatisfy(url -> assertThat(url).startsWith(base + "/"));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void aReaderSeesEverythingButIsOfferedNoAction() {
        createTask("read-only-view", Map.of());
        browser.signIn(base, TestTokens.READ);
        awaitText("[data-task='read-only-view'] .badge", "Active");
        assertThat(browser.driver().findElements(By.cssSelector("[data-action], a[href='#/tasks/new']"))).isEmpty();
        browser.go("#/tasks/read-only-view");
        awaitText("h1 .task-id", "read-only-view");
        assertThat(browser.driver().findElements(By.cssSelector(".page-head .actions button, .page-head .actions a")))
                .isEmpty();
        browser.go("#/dead-letters/read-only-view");
        browser.find(By.cssSelector(".all-clear"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-action]"))).isEmpty();
        browser.go("#/migration");
        awaitText("h1", "Migration");
        assertThat(browser.driver().findElements(By.cssSelector("[data-action]"))).isEmpty();
        browser.go("#/tasks/new");
        awaitText("main p", "cannot create sync tasks");
    }

    @Test
    void anUnknownTokenIsRefusedAtSignIn() {
        browser.openSignedOut(base);
        WebElement input = browser.find(By.id("token"));
        input.sendKeys("not-a-known-token");
        input.submit();
        awaitText("#token-error", "does not know this token");
        assertThat(input.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver().findElements(By.cssSelector(".session .viewer"))).isEmpty();
    }

    /**
     * Each page at 1280 px and at a phone's 390 px, first with a few tasks (saved as the README's screenshots),
     * then with fifty, long-named: nothing may make a page scroll sideways, and the browser logs no error.
     */
    @Test
    void everyPageFitsAWideScreenAndAPhoneEvenWithFiftyLongNamedTasks() {
        createTask("catalogue", Map.of("sink", Map.of("meilisearch", Map.of("index", "catalogue",
                        "filterableAttributes", List.of("foo"), "sortableAttributes", List.of("foo"))),
                "filter", Map.of("conditions", List.of(Map.of("field", "foo", "operator", "GT", "values", List.of("10")))),
                "transform", List.of(Map.of("field", "name", "kind", "RENAME", "to", "title"),
                        Map.of("field", "foo", "kind", "ROUND", "scale", 1))));
        createTask("archive", Map.of());
        createTask("screenshot-poison", Map.of("transform", List.of(Map.of("field", "name", "kind", "RENAME", "to", "id")),
                "filter", Map.of("conditions", List.of(Map.of("field", "foo", "operator", "LT", "values", List.of("3"))))));
        graphQl.documentName("taskLifecycle").operationName("pauseSyncTask").variable("id", "archive").execute()
               .path("pauseSyncTask.status").entity(String.class).isEqualTo("PAUSED");
        String lamp = ThingRequests.create(graphQl, "desk lamp", 12.5);
        graphQl.documentName("updateThing").variables(Map.of("id", lamp, "name", "floor lamp", "foo", 14.0,
                "expectedVersion", 1)).execute().path("updateThing.version").entity(Integer.class).isEqualTo(2);
        browser.signIn(base, TestTokens.ADMIN);
        // a burst of writes, so the charts have something to show
        for (int i = 0; i < 60; i++) {
            ThingRequests.create(graphQl, "lamp shade " + i, i);
        }
        awaitSearchable(lamp);
        await().atMost(PATIENCE).until(() -> graphQl.documentName("deadLetters").operationName("deadLetters").variable("taskId", "screenshot-poison")
                .variable("first", 0).execute().path("deadLetters.total").entity(Double.class).get() > 0);

        // each page, and the name of its screenshot (the form's is taken with its errors, in another test)
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("#/", "console-overview");
        pages.put("#/tasks/catalogue", "console-task");
        pages.put("#/tasks/catalogue/edit", null);
        pages.put("#/dead-letters", null);
        pages.put("#/dead-letters/screenshot-poison", "console-dead-letters");
        pages.put("#/things", "console-things");
        pages.put("#/things/" + lamp, "console-thing");
        pages.put("#/migration", null);
        pages.forEach((hash, name) -> {
            browser.go(hash);
            if (hash.equals("#/")) {
                awaitText("[data-task='catalogue'] .badge", "Active");
                // parked events cannot be missed: the task's card is degraded, and the page says so on top
                awaitText("[data-task='screenshot-poison'] .badge", "Degraded");
                awaitText(".notice.parked", "parked as dead letters");
                assertThat(browser.find(By.cssSelector(".notice.parked")).getText()).contains("screenshot-poison");
                // the command intake's Kafka binder is shown as the engine it is
                awaitText("[data-component='binders'] .engine", "Kafka");
                assertThat(browser.driver().findElements(By.cssSelector("[data-component='binders'] .parts"))).isEmpty();
                // the card's rate is the current one, and its small chart's legend gives units and scale
                awaitText("[data-task='catalogue'] .legend", "events/s (peak");
                assertThat(browser.find(By.cssSelector("[data-task='catalogue'] .legend")).getText())
                        .contains("lag events (peak");
                assertThat(browser.find(By.cssSelector("[data-task='catalogue'] [data-field='throughput']"))
                        .getDomAttribute("title")).contains("over the last 5 s").contains("over the last minute");
            }
            if (hash.equals("#/dead-letters")) {
                // the overview of every queue names the oldest letter and its task, not "none"
                awaitText("main dl", " in screenshot-poison");
            }
            if (hash.equals("#/things")) {
                browser.find(By.id("thing-search")).sendKeys("flor lamp");
                browser.find(By.cssSelector("#thing-results [data-thing='" + lamp + "'] mark"));
            }
            assertFits(hash);
            if (name != null) {
                browser.screenshot(name);
            }
            browser.resize(Browser.PHONE, 844);
            assertFits(hash + " on a phone");
            if (hash.equals("#/dead-letters/screenshot-poison")) {
                // each refused Thing's Evict stays on screen at phone width, beside the Thing it evicts
                WebElement evict = browser.find(By.cssSelector(".error-group button[aria-label^='Evict Thing']"));
                Number right = (Number) browser.driver().executeScript(
                        "return arguments[0].getBoundingClientRect().right", evict);
                Number width = (Number) browser.driver().executeScript("return document.documentElement.clientWidth");
                assertThat(right.doubleValue()).isLessThanOrEqualTo(width.doubleValue());
            }
            if (hash.equals("#/")) {
                browser.screenshot("console-overview-phone");
            }
            browser.resize(Browser.WIDE, 900);
        });

        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String id = String.format("%02d-a-task-with-a-long-name-to-see-that-nothing-overflows-a-card", i);
            many.add(id);
            createTask(id, Map.of("sink", Map.of("meilisearch", Map.of("index",
                            "an_index_name_as_long_as_anyone_would_dare_to_give_it_" + i)),
                    "filter", Map.of("eventTypes", List.of("ThingImported"))));
        }
        try {
            browser.go("#/");
            browser.await(driver -> driver.findElements(By.cssSelector("[data-task]")).size() >= 50);
            assertFits("the overview with fifty tasks");
            browser.resize(Browser.PHONE, 844);
            assertFits("the overview with fifty tasks on a phone");
            browser.go("#/tasks/" + many.get(0));
            awaitText("h1 .task-id", many.get(0));
            assertFits("a long-named task on a phone");
        } finally {
            many.forEach(id -> graphQl.documentName("taskLifecycle").operationName("deleteSyncTask")
                    .variable("id", id).variable("force", true).execute());
        }
        assertThat(browser.errors()).isEmpty();
    }

    private void assertFits(String page) {
        assertThat(browser.horizontalOverflow()).as("pixels %s is wider than the window", page).isZero();
    }

    private void createTask(String id, Map<String, Object> more) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("id", id,
                "sink", Map.of("meilisearch", Map.of("index", id))));
        input.putAll(more);
        graphQl.documentName("createSyncTask").variable("input", input).execute()
               .path("createSyncTask.__typename").entity(String.class).isEqualTo("SyncTask");
    }

    private String mode() {
        return graphQl.documentName("migration").execute().path("migration.mode").entity(String.class).get();
    }

    /** The report's row for this id, read again if the page redraws the table meanwhile (it polls). */
    private void assertDriftRow(long id, String kind, String legacyVersion, String newVersion) {
        await().atMost(Duration.ofSeconds(20)).ignoreException(StaleElementReferenceException.class).untilAsserted(() ->
                assertThat(cells(browser.find(By.cssSelector("table.drift tr[data-id='" + id + "']"))))
                        .containsExactly("" + id, kind, legacyVersion, newVersion));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    private String status(String task) {
        return graphQl.documentName("syncTask").variable("id", task).execute()
                      .path("syncTask.status").entity(String.class).get();
    }

    private void awaitSearchable(String... ids) {
        await().atMost(PATIENCE).until(() -> List.of(ids).stream().allMatch(id -> graphQl.documentName("searchThings")
                .variable("filter", "id = " + id).execute().path("searchThings.totalHits").entity(Integer.class)
                .get() == 1));
    }

    private void awaitText(String css, String text) {
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Presses Tab from the top of the page until the element has the focus, as a keyboard user would. */
    private WebElement tabTo(By target) {
        WebDriver driver = browser.driver();
        WebElement wanted = browser.find(target);
        browser.driver().executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        for (int presses = 0; presses < 40; presses++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            if (driver.switchTo().activeElement().equals(wanted)) {
                return wanted;
            }
        }
        throw new AssertionError("Tab never reached " + target);
    }
}
