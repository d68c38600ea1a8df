import { h, count, decimal, instant, highlighted, debounce, uid } from '../dom.js';

const SEARCH = `query($query: String, $filter: String, $sort: [String!], $page: Int) {
    searchThings(query: $query, filter: $filter, sort: $sort, facets: ["version"], page: $page, hitsPerPage: 20) {
        __typename
        ... on SearchResults {
            totalHits totalPages page processingTimeMs
            hits { thing { id name foo version updatedOn } highlights { field value } }
            facets { facet values { value count } }
        }
        ... on InvalidSearch { parameter message }
    }
}`;

const SORTS = [
    ['', 'Relevance'], ['name:asc', 'Name A–Z'], ['name:desc', 'Name Z–A'], ['foo:desc', 'Foo, highest first'],
    ['foo:asc', 'Foo, lowest first'], ['updatedOnEpochMillis:desc', 'Changed most recently'],
    ['updatedOnEpochMillis:asc', 'Changed longest ago'], ['version:desc', 'Version, highest first'],
];

/** What the search page shows; kept between visits, so a Thing's page leads back to the same results. */
const state = { query: '', sort: '', versions: [], fooMin: '', fooMax: '', page: 1 };

/**
 * Things from the search index (the things-search task): typo-tolerant results as the operator types, the
 * version facet as filters, a foo range, sort and pages.
 */
export const things = {
    path: 'things',
    section: 'things',
    nav: 'Things',
    title: 'Things',
    render({ api, view }) {
        const searchBox = h('input', { type: 'search', id: 'thing-search', value: state.query, autocomplete: 'off',
            placeholder: 'Name, typos allowed', 'aria-controls': 'thing-results' });
        const sort = h('select', { id: 'thing-sort' }, SORTS.map(([value, label]) =>
            h('option', { value, selected: value === state.sort }, label)));
        const fooMin = h('input', { type: 'text', inputmode: 'decimal', id: 'foo-min', value: state.fooMin, size: 6 });
        const fooMax = h('input', { type: 'text', inputmode: 'decimal', id: 'foo-max', value: state.fooMax, size: 6 });
        const facets = h('fieldset', { class: 'facets' }, h('legend', {}, 'Version'));
        const filterError = h('p', { class: 'field-error', id: 'filter-error' });
        const status = h('p', { class: 'summary', role: 'status', id: 'search-status' });
        const results = h('ol', { class: 'results', id: 'thing-results', 'aria-label': 'Search results' });
        const pages = h('nav', { class: 'pager', 'aria-label': 'Result pages' });

        let asked = 0;
        const search = async () => {
            const mine = ++asked;
            const filters = [];
            if (state.versions.length) {
                filters.push(`(${state.versions.map((v) => `version = ${Number(v)}`).join(' OR ')})`);
            }
            for (const [text, operator] of [[state.fooMin, '>='], [state.fooMax, '<=']]) {
                if (text.trim()) {
                    if (!Number.isFinite(Number(text))) {
                        filterError.textContent = 'Foo bounds must be numbers';
                        return;
                    }
                    filters.push(`foo ${operator} ${Number(text)}`);
                }
            }
            filterError.textContent = '';
            const { searchThings: answer } = await api.request(SEARCH, { query: state.query || null,
                filter: filters.join(' AND ') || null, sort: state.sort ? [state.sort] : null, page: state.page });
            if (mine !== asked) {
                return; // a newer search is on its way: never show older results over it
            }
            if (answer.__typename === 'InvalidSearch') {
                filterError.textContent = `${answer.parameter}: ${answer.message}`;
                return;
            }
            show(answer);
        };
        const show = (answer) => {
            status.textContent = `${count(answer.totalHits)} Thing${answer.totalHits === 1 ? '' : 's'}`
                + ` · ${answer.processingTimeMs} ms`;
            results.replaceChildren(...answer.hits.map(({ thing, highlights }) => {
                const name = highlights.find((highlight) => highlight.field === 'name');
                return h('li', { class: 'result', dataset: { thing: thing.id } },
                    h('a', { href: `#/things/${encodeURIComponent(thing.id)}`, class: 'name' },
                        name ? highlighted(name.value) : thing.name),
                    h('span', { class: 'meta' }, `#${thing.id} · foo ${decimal(thing.foo)} · version ${thing.version}`
                        + ` · changed ${instant(thing.updatedOn)}`));
            }));
            if (answer.hits.length === 0) {
                results.append(h('li', { class: 'muted' }, 'No Thing matches.'));
            }
            const versions = answer.facets.find((facet) => facet.facet === 'version')?.values ?? [];
            facets.replaceChildren(h('legend', {}, 'Version'), ...versions
                .sort((a, b) => Number(a.value) - Number(b.value)).slice(0, 20).map(({ value, count: n }) => {
                    const id = uid('version');
                    const box = h('input', { type: 'checkbox', id, value, checked: state.versions.includes(value) });
                    box.addEventListener('change', () => {
                        state.versions = box.checked ? [...state.versions, value]
                            : state.versions.filter((v) => v !== value);
                        state.page = 1;
                        search();
                    });
                    return h('span', { class: 'checkbox' }, box, h('label', { for: id }, `${value} (${count(n)})`));
                }));
            pages.replaceChildren(
                h('button', { type: 'button', disabled: answer.page <= 1, onclick: () => turn(-1) }, 'Previous'),
                h('span', {}, `Page ${answer.page} of ${Math.max(1, answer.totalPages)}`),
                h('button', { type: 'button', disabled: answer.page >= answer.totalPages, onclick: () => turn(1) }, 'Next'));
        };
        const turn = (step) => {
            state.page += step;
            search();
        };
        const typed = debounce(() => {
            state.query = searchBox.value;
            state.page = 1;
            search();
        }, 150);
        searchBox.addEventListener('input', typed);
        sort.addEventListener('change', () => {
            state.sort = sort.value;
            state.page = 1;
            search();
        });
        const bounds = debounce(() => {
            state.fooMin = fooMin.value;
            state.fooMax = fooMax.value;
            state.page = 1;
            search();
        }, 300);
        fooMin.addEventListener('input', bounds);
        fooMax.addEventListener('input', bounds);

        view.append(
            h('h1', {}, 'Things'),
            h('form', { class: 'search', role: 'search', onsubmit: (event) => { event.preventDefault(); search(); } },
                h('div', { class: 'field grow' }, h('label', { for: 'thing-search' }, 'Search'), searchBox),
                h('div', { class: 'field' }, h('label', { for: 'thing-sort' }, 'Sort'), sort)),
            h('div', { class: 'search-layout' },
                h('aside', { class: 'panel filters', 'aria-label': 'Filters' },
                    h('h2', {}, 'Filters'),
                    facets,
                    h('fieldset', {}, h('legend', {}, 'Foo between'),
                        h('span', { class: 'inline-field' }, h('label', { for: 'foo-min' }, 'from'), fooMin),
                        h('span', { class: 'inline-field' }, h('label', { for: 'foo-max' }, 'to'), fooMax)),
                    filterError),
                h('section', { class: 'found', 'aria-labelledby': 'search-status' }, status, results, pages)));
        searchBox.focus();
        search();
        return null;
    },
};
