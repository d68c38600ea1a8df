package dovetail.migration.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dovetail.domain.migration.MigrationMode;
import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.FindThing;
import dovetail.domain.thing.InvalidInput;
import dovetail.domain.thing.ListThings;
import dovetail.domain.thing.Problem;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingError;
import dovetail.domain.thing.ThingNotFound;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.ThingPage;
import dovetail.domain.thing.ThingRules;
import dovetail.domain.thing.ThingView;
import dovetail.domain.thing.UpdateThing;
import dovetail.domain.thing.VersionConflict;
import dovetail.migration.legacy.LegacyRow;
import dovetail.migration.legacy.LegacyStore;
import dovetail.migration.steps.MigrationState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The legacy REST contract, answered by whichever side is primary: while the legacy store is, reads and writes go
 * to its table (with its version check) and capture brings the writes in; once Dovetail is, they are queries and
 * commands. Either way the answer has the same fields and statuses. Input is judged the same on both sides before
 * anything is stored: an empty name or a foo of 0 (or missing) is 400 here (the legacy store answered 500).
 */
@RestController
@RequestMapping(path = LegacyThingsController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class LegacyThingsController {

    public static final String PATH = "/api/things";
    private static final int PAGE = 1_000;

    private final ObjectProvider<LegacyStore> store;
    private final MigrationState state;
    private final CommandGateway commands;
    private final QueryGateway queries;

    LegacyThingsController(ObjectProvider<LegacyStore> store, MigrationState state, CommandGateway commands,
                           QueryGateway queries) {
        this.store = store;
        this.state = state;
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping("/")
    ResponseEntity<Object> list() {
        Optional<LegacyStore> legacy = legacyPrimary();
        List<LegacyRow> rows = new ArrayList<>();
        Long after = null;
        while (true) {
            List<LegacyRow> page = legacy.isPresent() ? legacy.get().page(after, PAGE)
                    : queries.query(new ListThings(PAGE, after), ResponseTypes.instanceOf(ThingPage.class)).join()
                             .things().stream().map(LegacyRow::of).toList();
            rows.addAll(page);
            if (page.size() < PAGE) {
                return ResponseEntity.ok(LegacyJson.things(rows));
            }
            after = page.get(page.size() - 1).id();
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<Object> get(@PathVariable("id") String rawId) {
        Optional<Long> id = id(rawId);
        if (id.isEmpty()) {
            return badId(rawId);
        }
        Optional<LegacyStore> legacy = legacyPrimary();
        Optional<LegacyRow> row = legacy.isPresent() ? legacy.get().find(id.get())
                : queries.query(new FindThing(Long.toString(id.get())), ResponseTypes.optionalInstanceOf(ThingView.class))
                         .join().map(LegacyRow::of);
        return row.<ResponseEntity<Object>>map(found -> ResponseEntity.ok(LegacyJson.thing(found)))
                  .orElseGet(() -> notFound(id.get()));
    }

    @PostMapping("/")
    ResponseEntity<Object> create(@RequestBody(required = false) byte[] body) {
        Input input;
        try {
            input = Input.read(body, false);
        } catch (Refused refused) {
            return error(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
        Optional<LegacyStore> legacy = legacyPrimary();
        if (legacy.isPresent()) {
            return ResponseEntity.ok(LegacyJson.thing(legacy.get().insertNew(input.name(), input.foo(), now())));
        }
        return answer(commands.sendAndWait(new CreateThing(input.name(), (double) input.foo())));
    }

    @PostMapping("/{id}")
    ResponseEntity<Object> update(@PathVariable("id") String rawId, @RequestBody(required = false) byte[] body) {
        Optional<Long> id = id(rawId);
        if (id.isEmpty()) {
            return badId(rawId);
        }
        Input input;
        try {
            input = Input.read(body, true);
        } catch (Refused refused) {
            return error(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
        Optional<LegacyStore> legacy = legacyPrimary();
        if (legacy.isPresent()) {
            Optional<LegacyRow> updated = legacy.get().updateAt(id.get(), input.name(), input.foo(), input.version(),
                    now());
            if (updated.isPresent()) {
                return ResponseEntity.ok(LegacyJson.thing(updated.get()));
            }
            return legacy.get().find(id.get())
                         .map(current -> refused(new VersionConflict(Long.toString(id.get()), input.version(),
                                 current.version())))
                         .orElseGet(() -> notFound(id.get()));
        }
        return answer(commands.sendAndWait(new UpdateThing(Long.toString(id.get()), input.name(), (double) input.foo(),
                input.version())));
    }

    /** Any other path or method under /api/things. */
    @RequestMapping({"", "/**"})
    ResponseEntity<Object> unknown() {
        return error(HttpStatus.NOT_FOUND, "no such resource");
    }

    private ResponseEntity<Object> answer(ThingOutcome outcome) {
        return outcome instanceof ThingAccepted accepted
                ? ResponseEntity.ok(LegacyJson.thing(LegacyRow.of(accepted.thing())))
                : refused((ThingError) outcome);
    }

    /**
     * A refusal in the legacy shape, with the words Dovetail's other edges use; only an input refusal says its first
     * problem instead, as the legacy contract has room for one message and no list.
     */
    private static ResponseEntity<Object> refused(ThingError error) {
        if (error instanceof VersionConflict) {
            return error(HttpStatus.CONFLICT, error.message());
        }
        if (error instanceof ThingNotFound) {
            return error(HttpStatus.NOT_FOUND, error.message());
        }
        Problem first = ((InvalidInput) error).problems().get(0);
        return error(HttpStatus.BAD_REQUEST, first.field() + " " + first.message());
    }

    private Optional<LegacyStore> legacyPrimary() {
        LegacyStore legacy = store.getIfAvailable();
        return legacy != null && state.mode() == MigrationMode.LEGACY_PRIMARY ? Optional.of(legacy) : Optional.empty();
    }

    private static Optional<Long> id(String raw) {
        if (raw == null || !raw.matches("\\d{1,19}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(raw));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static ResponseEntity<Object> badId(String raw) {
        return error(HttpStatus.BAD_REQUEST, "id must be a non-negative integer, not " + raw);
    }

    private static ResponseEntity<Object> notFound(long id) {
        return refused(new ThingNotFound(Long.toString(id)));
    }

    static ResponseEntity<Object> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(LegacyJson.error(message));
    }

    /** The fields of a create or update, checked alike on both sides. */
    private record Input(String name, long foo, Long version) {

        static Input read(byte[] body, boolean update) {
            JsonNode json = LegacyJson.read(body);
            if (json == null || !json.isObject()) {
                throw new Refused("malformed JSON: expected an object");
            }
            JsonNode name = json.get("name");
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                throw new Refused("name is required and must not be empty");
            }
            String trimmed = ThingRules.normalizeName(name.textValue());
            String textProblem = ThingRules.textProblem(trimmed);
            if (textProblem != null) {
                throw new Refused("name " + textProblem);
            }
            if (trimmed.codePointCount(0, trimmed.length()) > ThingRules.MAX_NAME_LENGTH) {
                throw new Refused("name must be at most " + ThingRules.MAX_NAME_LENGTH + " characters");
            }
            JsonNode foo = json.get("foo");
            if (foo == null || !foo.isIntegralNumber() || !foo.canConvertToInt()) {
                throw new Refused("foo is required and must be an integer");
            }
            if (foo.intValue() == 0) {
                throw new Refused("foo must not be 0");
            }
            Long version = null;
            if (update) {
                JsonNode given = json.get("version");
                if (given == null || !given.isIntegralNumber() || !given.canConvertToLong() || given.longValue() < 0) {
                    throw new Refused("version is required and must be a non-negative integer");
                }
                version = given.longValue();
            }
            return new Input(trimmed, foo.intValue(), version);
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
