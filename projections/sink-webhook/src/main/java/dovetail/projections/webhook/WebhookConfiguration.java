package dovetail.projections.webhook;

import dovetail.domain.synctask.AllowedWebhookHosts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The hosts webhook tasks may post to, for the checks when a task is created or changed and before each request.
 * Development mode, where receivers under test run on the developer's machine, also allows the loopback host.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);
    static final List<String> DEVELOPMENT_HOSTS = List.of("localhost", "127.0.0.1", "::1");

    @Bean
    AllowedWebhookHosts allowedWebhookHosts(WebhookProperties properties, Environment environment) {
        Set<String> hosts = new HashSet<>();
        properties.allowedHosts().stream().filter(host -> !host.isBlank()).forEach(hosts::add);
        if (environment.getProperty("dovetail.development-mode", Boolean.class, false)) {
            hosts.addAll(DEVELOPMENT_HOSTS);
        }
        AllowedWebhookHosts allowed = new AllowedWebhookHosts(hosts);
        if (!allowed.hosts().isEmpty()) {
            log.info("Webhook tasks may post to {}", allowed.hosts().stream().sorted().toList());
        }
        return allowed;
    }
}
