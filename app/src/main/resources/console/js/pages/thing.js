import { h, append, decimal, timeElement, facts, count, traceRef } from '../dom.js';

const QUERY = `query($id: ID!) {
    thing(id: $id) { id name foo version createdOn updatedOn }
    thingHistory(id: $id) { type sequenceNumber version at traceId correlationId erased thing { name foo } }
}`;

/** A Thing's current state and every event it has had, from the event store; live while the page is open. */
export const thing = {
    path: 'things/:id',
    section: 'things',
    title: ({ id }) => `Thing ${id}`,
    async render({ api, view, params, traceViewerUrl }) {
        const state = h('section', { class: 'panel', 'aria-labelledby': 'state-heading' });
        const history = h('tbody');
        const live = h('p', { class: 'help', role: 'status' });
        append(view,
            h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/things' }, 'Things'), ' / ',
                params.id),
            h('h1', {}, `Thing ${params.id}`),
            state,
            h('section', { class: 'panel', 'aria-labelledby': 'events-heading' },
                h('h2', { id: 'events-heading' }, 'History'),
                h('p', { class: 'help' }, 'Every event of this Thing, oldest first, from the event store.'),
                h('div', { class: 'table-wrap' }, h('table', { class: 'events' },
                    h('thead', {}, h('tr', {}, ['#', 'Event', 'Version', 'At', 'Name', 'Foo', 'Request', 'Trace']
                        .map((title) => h('th', { scope: 'col' }, title)))),
                    history)),
                live));

        const load = async () => {
            const data = await api.request(QUERY, { id: params.id });
            state.replaceChildren(h('h2', { id: 'state-heading' }, 'Current state'), data.thing
                ? facts([
                    ['Name', h('span', { class: 'thing-name' }, data.thing.name)],
                    ['Foo', decimal(data.thing.foo)],
                    ['Version', count(data.thing.version)],
                    ['Created', timeElement(data.thing.createdOn)],
                    ['Changed', timeElement(data.thing.updatedOn)],
                ])
                : h('p', {}, data.thingHistory.some((event) => event.erased)
                    ? 'Erased: its name is gone from every event; the history below is all that is left.'
                    : data.thingHistory.length ? 'Deleted: the history below is all that is left.'
                    : `No Thing ever had the id ${params.id}.`));
            let before = null;
            history.replaceChildren(...data.thingHistory.map((event) => {
                const changed = (field) => before && event.thing && before[field] !== event.thing[field] ? 'changed' : null;
                const row = h('tr', { dataset: { type: event.type } },
                    h('td', { class: 'number' }, event.sequenceNumber),
                    h('td', {}, event.type),
                    h('td', { class: 'number' }, event.version),
                    h('td', {}, timeElement(event.at)),
                    h('td', { class: changed('name') }, event.erased ? 'erased' : event.thing?.name ?? '—'),
                    h('td', { class: `number ${changed('foo') ?? ''}` }, event.thing ? decimal(event.thing.foo) : '—'),
                    h('td', { class: 'request' }, event.correlationId ?? '—'),
                    h('td', { class: 'trace' }, traceRef(event.traceId, traceViewerUrl)));
                before = event.thing;
                return row;
            }));
        };
        await load();
        const stop = api.subscribe('subscription($id: ID) { thingChanged(id: $id) { id version } }', { id: params.id },
            ({ thingChanged }) => {
                live.textContent = `Version ${thingChanged.version} arrived just now.`;
                load();
            },
            () => { live.textContent = 'Live updates are not available; reload to see changes.'; });
        return () => stop();
    },
};
