package dovetail.domain.search;

/** A search parameter the index cannot use (e.g. a filter on an attribute that is not filterable). */
public record InvalidSearch(String parameter, String message) implements SearchOutcome {
}
