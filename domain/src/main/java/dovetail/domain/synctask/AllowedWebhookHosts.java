package dovetail.domain.synctask;

import java.util.Set;
import java.util.stream.Collectors;

/** The hosts this deployment lets webhook tasks post to; a task may only name these (see {@link WebhookRules}). */
public record AllowedWebhookHosts(Set<String> hosts) {

    public AllowedWebhookHosts {
        hosts = hosts.stream().map(WebhookRules::host).collect(Collectors.toUnmodifiableSet());
    }
}
