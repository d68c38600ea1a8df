package dovetail.projections.webhook;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where webhook tasks may post: {@code allowedHosts}, host names or IP addresses as URLs write them (any port),
 * compared as written and never resolved. Empty by default: no webhook task can be created, so none can be pointed
 * at an internal address unless the deployment names it. Development mode adds {@code localhost}, {@code 127.0.0.1}
 * and {@code ::1}.
 */
@ConfigurationProperties("dovetail.webhooks")
record WebhookProperties(@DefaultValue List<String> allowedHosts) {
}
