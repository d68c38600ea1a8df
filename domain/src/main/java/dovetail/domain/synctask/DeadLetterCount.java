package dovetail.domain.synctask;

/** How many letters share a key (a task id, or an error). */
public record DeadLetterCount(String key, long letters) {
}
