import { h, append, badge, setBadge, statusInSentence, count, counted, decimal, duration, durationOfMillis, millis, timeElement, facts, actionButton,
    confirmAction, notify, lastErrorText } from '../dom.js';
import { TaskChart } from '../charts.js';
import { TASK_LIVE, RATE_SECONDS, taskAction } from '../tasks.js';

export const DEFINITION = `
fragment Definition on SyncTask {
    sink {
        type
        meilisearch { index primaryKey searchableAttributes filterableAttributes sortableAttributes topology instances }
        kafka { topics { topic format } }
        legacy { dataSource table }
        webhook { url format secretSet }
    }
    filter { eventTypes conditions { field operator values } }
    transform { field kind to factor scale value }
    options { batchSize batchTimeoutMillis segments threads }
}`;

const QUERY = `query($id: ID!) {
    syncTask(id: $id) {
        ...TaskLive ...Definition
        history { type at definition { options { batchSize } } }
    }
} ${TASK_LIVE} ${DEFINITION}`;

/**
 * One task: its live numbers and chart, a running full sync with the time left, its configuration, counts per
 * event type, its audit trail, and the actions the token's role allows.
 */
export const task = {
    path: 'tasks/:id',
    section: 'overview',
    title: ({ id }) => `Task ${id}`,
    async render({ api, feed, can, view, params, traceViewerUrl }) {
        const { syncTask } = await api.request(QUERY, { id: params.id });
        if (!syncTask) {
            append(view, h('h1', {}, 'No such task'), h('p', {}, `No sync task has the id ${params.id}.`),
                h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
            return null;
        }
        feed.accept(syncTask);
        const id = syncTask.id;
        const statusBadge = badge(syncTask.status);
        const live = {};
        const value = (name) => (live[name] = h('span', { dataset: { field: name } }));
        const progressPanel = h('section', { class: 'panel full-sync-panel', 'aria-labelledby': 'full-sync-heading',
            hidden: true });
        const counts = h('tbody');
        const chartBox = h('div', { class: 'chart' });
        const error = h('p', { class: 'last-error', hidden: true });
        const history = h('ol', { class: 'history' });

        const toggle = can('pauseSyncTask') && can('resumeSyncTask')
            ? actionButton('Pause', async () => {
                const done = await taskAction(api, feed, current().status === 'PAUSED' ? 'resumeSyncTask'
                    : 'pauseSyncTask', { id });
                notify(`${id} is ${statusInSentence(done.status)}`);
            }, { dataset: { action: 'toggle' } })
            : null;
        const fullSync = can('fullSyncTask') ? actionButton('Full sync', async () => {
            const index = syncTask.sink.meilisearch?.index;
            if (await confirmAction({ title: `Full sync of ${id}?`,
                message: `Replays the whole event store into ${index ? `a fresh copy of index ${index}` : 'the sink'}`
                    + '. Search keeps answering from the live index until the copy has caught up and is swapped in.',
                confirm: 'Start full sync' })) {
                await taskAction(api, feed, 'fullSyncTask', { id });
                notify(`Full sync of ${id} started`);
                refreshHistory();
            }
        }, { dataset: { action: 'full-sync' } }) : null;
        const remove = can('deleteSyncTask') ? actionButton('Delete', async () => {
            const running = current().status !== 'PAUSED';
            if (await confirmAction({ title: `Delete ${id}?`, danger: true,
                message: `${running ? `${id} is ${statusInSentence(current().status)}; deleting stops it. ` : ''}`
                    + 'The sink keeps its data. The id cannot be used again.',
                confirm: 'Delete task' })) {
                await taskAction(api, feed, 'deleteSyncTask', { id, force: running });
                notify(`${id} is deleted`);
                location.hash = '#/';
            }
        }, { class: 'danger', dataset: { action: 'delete' } }) : null;

        append(view,
            h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Overview'), ' / ', id),
            h('div', { class: 'page-head' },
                h('h1', {}, h('span', { class: 'task-id' }, id), ' ', statusBadge),
                h('div', { class: 'actions' }, toggle, fullSync,
                    can('updateSyncTask') ? h('a', { class: 'button', href: `#/tasks/${encodeURIComponent(id)}/edit` },
                        'Edit') : null,
                    remove)),
            h('section', { class: 'panel', 'aria-labelledby': 'progress-heading' },
                h('h2', { id: 'progress-heading' }, 'Progress'),
                facts([
                    ['Position / head', value('position')],
                    ['Lag', value('lag')],
                    ['Throughput now / last minute', value('throughput')],
                    ['Latency p50 / p95 / p99', value('latency')],
                    ['Delivered (this instance)', value('delivered')],
                    ['Failed batches', value('failures')],
                    ['Dead letters', h('a', { href: `#/dead-letters/${encodeURIComponent(id)}` }, value('deadLetters'))],
                ], 'facts wide'),
                error,
                chartBox),
            progressPanel,
            h('div', { class: 'columns' },
                configuration(syncTask),
                h('section', { class: 'panel', 'aria-labelledby': 'counts-heading' },
                    h('h2', { id: 'counts-heading' }, 'Events delivered by type'),
                    h('div', { class: 'table-wrap' }, h('table', {},
                        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Event type'),
                            h('th', { scope: 'col', class: 'number' }, 'Count'))),
                        counts)))),
            h('section', { class: 'panel', 'aria-labelledby': 'history-heading' },
                h('h2', { id: 'history-heading' }, 'History'),
                h('p', { class: 'help' }, 'Every recorded change of the task, oldest first, from the event store.'),
                history));

        const chart = new TaskChart(chartBox);
        let latest = syncTask;
        const current = () => latest;
        const update = (state) => {
            latest = state;
            setBadge(statusBadge, state.status === 'ACTIVE' && state.deadLetters > 0 ? 'DEGRADED' : state.status);
            live.position.textContent = `${count(state.position)} / ${count(state.head)}`;
            live.lag.textContent = `${counted(state.lagEvents, 'event')} · ${durationOfMillis(state.lagMillis)}`;
            live.throughput.textContent = `${decimal(feed.rate(id) ?? state.throughput)} / `
                + `${decimal(state.throughput)} events/s`;
            live.throughput.title = `now: over the last ${RATE_SECONDS} s`;
            live.latency.textContent = `${millis(state.latency.p50)} / ${millis(state.latency.p95)} / `
                + `${millis(state.latency.p99)}`;
            live.delivered.textContent = count(state.delivered);
            live.failures.textContent = count(state.failures);
            live.deadLetters.textContent = count(state.deadLetters);
            lastErrorText(error, state, traceViewerUrl);
            if (toggle) {
                toggle.textContent = state.status === 'PAUSED' ? 'Resume' : 'Pause';
            }
            if (fullSync) {
                // asking again while one runs changes nothing
                fullSync.hidden = state.status === 'FULL_SYNC';
            }
            showFullSync(progressPanel, state.fullSync);
            counts.replaceChildren(...(state.countsByEventType.length ? state.countsByEventType.map((c) =>
                h('tr', {}, h('td', {}, c.eventType), h('td', { class: 'number' }, count(c.count))))
                : [h('tr', {}, h('td', { colspan: 2, class: 'muted' }, 'Nothing delivered since this instance started'))]));
            chart.update(feed.series(id, 'rate', 'lag'));
        };
        const refreshHistory = async () => {
            const { syncTask: again } = await api.request(QUERY, { id });
            if (again) {
                history.replaceChildren(...again.history.map((change) => h('li', {},
                    timeElement(change.at), ' ', h('strong', {}, change.type.replace(/^SyncTask/, '')),
                    change.definition ? ` (definition set, batch size ${change.definition.options.batchSize})` : '')));
            }
        };
        update(syncTask);
        refreshHistory();

        const onTask = ({ detail }) => {
            if (detail.task.id === id) {
                if (detail.previous && detail.previous.status !== detail.task.status) {
                    refreshHistory();
                }
                update(detail.task);
            }
        };
        feed.addEventListener('task', onTask);
        return () => {
            feed.removeEventListener('task', onTask);
            chart.destroy();
        };
    },
};

function showFullSync(panel, progress) {
    panel.hidden = !progress;
    if (!progress) {
        panel.replaceChildren();
        return;
    }
    const done = progress.head > 0 ? Math.min(100, (100 * progress.position) / progress.head) : 0;
    panel.replaceChildren(
        h('h2', { id: 'full-sync-heading' }, `Full sync ${progress.generation}`),
        h('label', { for: 'full-sync-progress' }, `${progress.phase === 'HANDOVER' ? 'Handing over' : 'Building the copy'}: `
            + `${decimal(done)} %`),
        h('progress', { id: 'full-sync-progress', max: 100, value: done.toFixed(1) }),
        facts([
            ['Started', timeElement(progress.startedAt)],
            ['Copy position / head', `${count(progress.position)} / ${count(progress.head)}`],
            ['Left', counted(progress.lagEvents, 'event')],
            ['Rate since start', `${decimal(progress.rate)} events/s`],
            ['Time left', progress.etaSeconds == null ? 'not known yet' : `about ${duration(progress.etaSeconds)}`],
        ]));
}

function list(values) {
    return values?.length ? values.join(', ') : 'none';
}

function configuration(syncTask) {
    const { meilisearch: m, kafka: k, legacy, webhook } = syncTask.sink;
    const conditions = syncTask.filter.conditions;
    return h('section', { class: 'panel', 'aria-labelledby': 'config-heading' },
        h('h2', { id: 'config-heading' }, 'Configuration'),
        h('h3', {}, 'Sink'),
        facts([
            ['Type', syncTask.sink.type],
            m && ['Index', m.index],
            m && ['Primary key', m.primaryKey],
            m && ['Searchable', list(m.searchableAttributes)],
            m && ['Filterable', list(m.filterableAttributes)],
            m && ['Sortable', list(m.sortableAttributes)],
            m && ['Topology', m.topology.toLowerCase()],
            m && ['Instances', list(m.instances)],
            k && ['Topics', h('ul', { class: 'plain', dataset: { config: 'topics' } }, k.topics.map((topic) =>
                h('li', {}, h('code', {}, topic.topic), ` ${topic.format.toLowerCase()}`)))],
            legacy && ['Data source', legacy.dataSource],
            legacy && ['Table', h('code', {}, legacy.table)],
            webhook && ['URL', h('code', {}, webhook.url)],
            webhook && ['Format', webhook.format.toLowerCase()],
            webhook && ['Secret', webhook.secretSet ? 'set (never shown)' : 'none'],
        ]),
        h('h3', {}, 'Filter'),
        facts([
            ['Event types', syncTask.filter.eventTypes.length ? syncTask.filter.eventTypes.join(', ') : 'all'],
            ['Conditions', conditions.length ? h('ul', { class: 'plain' }, conditions.map((c) =>
                h('li', {}, h('code', {}, `${c.field} ${c.operator.toLowerCase()} ${c.values.join(', ')}`.trim()))))
                : 'none'],
        ]),
        h('h3', {}, 'Transform'),
        syncTask.transform.length
            ? h('ol', { class: 'plain-numbered' }, syncTask.transform.map((step) => h('li', {}, h('code', {}, describe(step)))))
            : h('p', {}, 'none: documents are the Thing as it is'),
        h('h3', {}, 'Options'),
        facts([
            ['Batch size', count(syncTask.options.batchSize)],
            ['Batch timeout', `${count(syncTask.options.batchTimeoutMillis)} ms`],
            ['Segments', count(syncTask.options.segments)],
            ['Threads', count(syncTask.options.threads)],
        ]));
}

function describe(step) {
    switch (step.kind) {
        case 'RENAME': return `rename ${step.field} → ${step.to}`;
        case 'DROP': return `drop ${step.field}`;
        case 'MULTIPLY': return `multiply ${step.field} by ${step.factor}`;
        case 'ROUND': return `round ${step.field} to ${step.scale} decimals`;
        case 'CONSTANT': return `set ${step.field} to "${step.value}"`;
        default: return `${step.kind.toLowerCase()} ${step.field}`;
    }
}
