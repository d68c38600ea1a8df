package dovetail.domain.search;

/** A search answers results, or says which parameter the index cannot use. */
public sealed interface SearchOutcome permits SearchResults, InvalidSearch {
}
