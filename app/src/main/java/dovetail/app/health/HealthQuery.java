package dovetail.app.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Actuator health through GraphQL, so a client of the API (the console) sees the engines without a second
 * endpoint and a second way to authenticate. The same indicators answer; this only reshapes their report.
 */
@Controller
class HealthQuery {

    record Report(String status, List<Component> components) {
    }

    record Component(String name, String status, List<Detail> details, List<Component> components) {
    }

    record Detail(String key, String value) {
    }

    private final HealthEndpoint health;
    private final ObjectMapper json;

    HealthQuery(HealthEndpoint health, ObjectMapper json) {
        this.health = health;
        this.json = json;
    }

    @QueryMapping("health")
    Report health() {
        HealthComponent root = health.health();
        return new Report(root.getStatus().getCode(), parts(root));
    }

    private List<Component> parts(HealthComponent component) {
        if (!(component instanceof CompositeHealth composite)) {
            return List.of();
        }
        return composite.getComponents().entrySet().stream().map(part -> new Component(part.getKey(),
                part.getValue().getStatus().getCode(), details(part.getValue()), parts(part.getValue()))).toList();
    }

    private List<Detail> details(HealthComponent component) {
        Map<String, Object> details = component instanceof Health leaf ? leaf.getDetails() : Map.of();
        return details.entrySet().stream().map(detail -> new Detail(detail.getKey(), text(detail.getValue())))
                      .toList();
    }

    private String text(Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            return String.valueOf(value);
        }
    }
}
