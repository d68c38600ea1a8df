package dovetail.domain.synctask;

/**
 * An HTTP(S) endpoint a task posts its batches to, the format of their records, and the secret each request is signed
 * with (HMAC-SHA256). The secret is kept with the task's definition and never answered to a client: views carry
 * the spec {@link #withoutSecret()}.
 */
public record WebhookSinkSpec(String url, WebhookFormat format, String secret) {

    /** The spec as clients see it: the secret left out. */
    public WebhookSinkSpec withoutSecret() {
        return secret == null ? this : new WebhookSinkSpec(url, format, null);
    }

    /** This spec, with {@code current}'s secret when it gives none (an update keeps the secret it cannot see). */
    public WebhookSinkSpec keepingSecretOf(WebhookSinkSpec current) {
        return secret != null || current == null || current.secret() == null ? this
                : new WebhookSinkSpec(url, format, current.secret());
    }

    /** Logs and messages may print a definition: never its secret. */
    @Override
    public String toString() {
        return "WebhookSinkSpec[url=" + url + ", format=" + format + ", secret=" + (secret == null ? "none" : "(set)")
               + "]";
    }
}
