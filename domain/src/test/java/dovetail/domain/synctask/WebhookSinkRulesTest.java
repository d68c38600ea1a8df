package dovetail.domain.synctask;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.Problem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSinkRulesTest {

    private static final String SECRET = "a-secret-of-24-characters";
    private static final Set<String> ALLOWED = new AllowedWebhookHosts(Set.of("Hooks.Example.com", "[::1]")).hosts();

    private static SyncTaskDefinition webhook(String url, WebhookFormat format, String secret) {
        return new SyncTaskDefinition(new SinkSpec(new WebhookSinkSpec(url, format, secret)), null, null, null);
    }

    private static List<Problem> check(SyncTaskDefinition definition) {
        return SyncTaskRules.check(definition, null, ALLOWED, false);
    }

    @Test
    void anAllowedHttpsUrlAFormatAndASecretMakeAValidSink() {
        SyncTaskDefinition definition = webhook("https://hooks.example.com:8443/dovetail?tenant=7", WebhookFormat.STATE,
                SECRET);

        assertThat(check(definition)).isEmpty();
        assertThat(check(webhook("http://[::1]:9000/", WebhookFormat.EVENTS, SECRET))).isEmpty();
        assertThat(SyncTaskRules.withDefaults(definition).sink()).isEqualTo(definition.sink());
        assertThat(definition.sink().type()).isEqualTo("webhook");
    }

    @Test
    void aHostNotOnTheListIsRefusedAndAnEmptyListRefusesEveryHost() {
        assertThat(check(webhook("http://169.254.169.254/latest/meta-data", WebhookFormat.EVENTS, SECRET)))
                .containsExactly(new Problem("sink.webhook.url", "names host 169.254.169.254, which is not in "
                        + "dovetail.webhooks.allowed-hosts (allowed: [::1, hooks.example.com])"));
        assertThat(SyncTaskRules.check(webhook("https://hooks.example.com/", WebhookFormat.EVENTS, SECRET), null,
                Set.of(), false)).containsExactly(new Problem("sink.webhook.url", "names host hooks.example.com, but "
                        + "no webhook host is allowed here: list the receivers' hosts in dovetail.webhooks.allowed-hosts"));
    }

    @Test
    void everyBrokenRuleIsNamedByItsPathAndNoMessageRepeatsTheSecret() {
        assertThat(check(webhook("ftp://hooks.example.com/", null, "short"))).containsExactly(
                new Problem("sink.webhook.url", "must be an absolute http or https URL"),
                new Problem("sink.webhook.format", "is required: EVENTS or STATE"),
                new Problem("sink.webhook.secret", "must have 16..200 characters, not all blank"));
        assertThat(check(webhook("https://user:pw@hooks.example.com/", WebhookFormat.EVENTS, null))).containsExactly(
                new Problem("sink.webhook.url",
                        "must not carry a user name or password: requests are signed with the secret instead"),
                new Problem("sink.webhook.secret",
                        "is required: 16..200 characters the receiver checks each request's signature with"));
        assertThat(check(webhook("/relative/path", WebhookFormat.EVENTS, SECRET)))
                .containsExactly(new Problem("sink.webhook.url", "must be an absolute http or https URL"));
        assertThat(check(webhook("https://hooks.example.com/a b", WebhookFormat.EVENTS, SECRET)))
                .extracting(Problem::message).singleElement().asString().startsWith("is not a valid URL");
        assertThat(check(webhook(null, WebhookFormat.EVENTS, " ".repeat(20)))).extracting(Problem::field)
                .containsExactly("sink.webhook.url", "sink.webhook.secret");
    }

    @Test
    void anUpdateMayLeaveTheSecretOutToKeepTheTasks() {
        SyncTaskDefinition current = webhook("https://hooks.example.com/", WebhookFormat.EVENTS, SECRET);
        SyncTaskDefinition update = webhook("https://hooks.example.com/v2", WebhookFormat.STATE, null);

        assertThat(SyncTaskRules.check(update, null, ALLOWED, true)).isEmpty();
        assertThat(update.keepingSecretsOf(current).sink().webhook())
                .isEqualTo(new WebhookSinkSpec("https://hooks.example.com/v2", WebhookFormat.STATE, SECRET));
    }

    @Test
    void theSecretIsLeftOutOfWhatClientsSeeAndOfEveryPrintedForm() {
        SyncTaskDefinition definition = webhook("https://hooks.example.com/", WebhookFormat.EVENTS, SECRET);

        assertThat(definition.withoutSecrets().sink().webhook().secret()).isNull();
        assertThat(definition.withoutSecrets().sink().webhook().url()).isEqualTo("https://hooks.example.com/");
        assertThat(definition.toString()).doesNotContain(SECRET);
        SyncTaskDefinition kafka = new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(List.of())), null, null, null);
        assertThat(kafka.withoutSecrets()).isSameAs(kafka);
    }

    @Test
    void webhookRecordsCannotBeReshaped() {
        SyncTaskDefinition definition = new SyncTaskDefinition(
                webhook("https://hooks.example.com/", WebhookFormat.EVENTS, SECRET).sink(), null,
                List.of(new FieldTransform("name", TransformKind.DROP, null, null, null, null)), null);

        assertThat(check(definition)).containsExactly(
                new Problem("transform", "must be empty for a webhook sink: its record formats are fixed"));
    }
}
