package dovetail.graphql.synctask;

import dovetail.domain.synctask.WebhookSinkSpec;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** A webhook sink as the API shows it: its URL and format, and that a secret is set, never the secret. */
@Controller
class WebhookSinkController {

    // every webhook task has a secret (the rules require one), and definitions reach the API without it
    @SchemaMapping(typeName = "WebhookSink")
    boolean secretSet(WebhookSinkSpec sink) {
        return true;
    }
}
