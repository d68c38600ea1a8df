package dovetail.functions.search;

import dovetail.domain.search.SearchOutcome;
import dovetail.domain.search.SearchThings;
import dovetail.functions.reply.Replies;
import dovetail.functions.reply.Reply;
import java.util.List;
import java.util.function.Function;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code searchThings}: one query to the search projection, answered as results or {@code InvalidSearch}. */
@Configuration(proxyBeanMethods = false)
public class SearchFunctions {

    static final int DEFAULT_HITS_PER_PAGE = 20;

    @Bean
    public Function<SearchThingsRequest, Reply> searchThings(QueryGateway queries) {
        return request -> {
            SearchThingsRequest r = request == null ? new SearchThingsRequest(null, null, null, null, null, null) : request;
            return Replies.of(queries.query(new SearchThings(r.query() == null ? "" : r.query(), r.filter(),
                    r.sort() == null ? List.of() : r.sort(), r.facets() == null ? List.of() : r.facets(),
                    r.page() == null ? 1 : r.page(), r.hitsPerPage() == null ? DEFAULT_HITS_PER_PAGE : r.hitsPerPage()),
                    SearchOutcome.class).join());
        };
    }
}
