package dovetail.domain.synctask;

import dovetail.domain.thing.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of a webhook sink: an absolute http(s) URL without user info whose host this deployment allows, a format,
 * and a secret of {@value #MIN_SECRET_LENGTH}..{@value #MAX_SECRET_LENGTH} characters. The URL rule is checked when a
 * task is created or changed, and again by the sink before each request, so a host taken off the list is not posted
 * to any more.
 */
public final class WebhookRules {

    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 200;
    private static final int MAX_URL_LENGTH = 2000;
    private static final String HOSTS_PROPERTY = "dovetail.webhooks.allowed-hosts";

    private WebhookRules() {
    }

    /**
     * Adds the spec's broken rules to {@code problems}. {@code allowedHosts}: null checks the URL's form only;
     * {@code secretMayBeKept}: an update may leave the secret out to keep the task's.
     */
    static void check(WebhookSinkSpec spec, Set<String> allowedHosts, boolean secretMayBeKept, List<Problem> problems) {
        String url = urlProblem(spec.url(), allowedHosts);
        if (url != null) {
            problems.add(new Problem("sink.webhook.url", url));
        }
        if (spec.format() == null) {
            problems.add(new Problem("sink.webhook.format", "is required: EVENTS or STATE"));
        }
        String secret = spec.secret();
        if (secret == null && !secretMayBeKept) {
            problems.add(new Problem("sink.webhook.secret", "is required: " + MIN_SECRET_LENGTH + ".."
                    + MAX_SECRET_LENGTH + " characters the receiver checks each request's signature with"));
        } else if (secret != null && (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH
                                      || secret.isBlank())) {
            // never the secret itself in the message: problems are answered to the client
            problems.add(new Problem("sink.webhook.secret", "must have " + MIN_SECRET_LENGTH + ".." + MAX_SECRET_LENGTH
                    + " characters, not all blank"));
        }
    }

    /**
     * Why a task may not post to {@code url}, in words for the one who gave it; null when it may. {@code allowedHosts}
     * (as {@link #host} writes them): null checks the URL's form only.
     */
    public static String urlProblem(String url, Set<String> allowedHosts) {
        if (url == null || url.isBlank()) {
            return "is required: an absolute http or https URL";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "must have at most " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.isOpaque()
            || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            return "must be an absolute http or https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password: requests are signed with the secret instead";
        }
        if (uri.getHost() == null) {
            return "must name a host";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment (#...): it is never sent";
        }
        String host = host(uri.getHost());
        if (allowedHosts != null && !allowedHosts.contains(host)) {
            return allowedHosts.isEmpty()
                    ? "names host " + host + ", but no webhook host is allowed here: list the receivers' hosts in "
                      + HOSTS_PROPERTY
                    : "names host " + host + ", which is not in " + HOSTS_PROPERTY + " (allowed: "
                      + allowedHosts.stream().sorted().toList() + ")";
        }
        return null;
    }

    /**
     * A host as allow-lists hold it and URLs are matched against them: lower case, without the brackets of an IPv6
     * literal or a trailing dot. Names are compared as written, never resolved.
     */
    public static String host(String host) {
        String bare = host.strip().toLowerCase(Locale.ROOT);
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    }
}
