import { h, append, fill, badge, setBadge, statusLabel, statusInSentence, count, counted, decimal, duration, durationOfMillis, millis, actionButton, notify,
    lastErrorText } from '../dom.js';
import { TaskChart } from '../charts.js';
import { TASK_LIVE, RATE_SECONDS, taskAction } from '../tasks.js';
import { healthStrip } from './health.js';

/**
 * Every sync task as a card, live from the syncTaskProgress subscription, and the engines' health. Cards are
 * built once and updated in place, so a keyboard user's focus stays on the button it was on.
 */
export const overview = {
    path: '',
    section: 'overview',
    nav: 'Overview',
    title: 'Overview',
    async render({ api, feed, can, view, traceViewerUrl }) {
        const health = healthStrip(api);
        const filter = h('input', { type: 'search', id: 'task-filter', placeholder: 'id, index or status',
            autocomplete: 'off' });
        const summary = h('p', { class: 'summary', role: 'status' });
        // parked events mean a sink lacks what it should hold: said on top of the page, not only on a card
        const parked = h('p', { class: 'notice parked', role: 'alert', hidden: true });
        const grid = h('ul', { class: 'cards', 'aria-label': 'Sync tasks' });
        const empty = h('p', { class: 'muted' }, 'Waiting for the first progress report…');
        append(view,
            h('div', { class: 'page-head' },
                h('h1', {}, 'Overview'),
                can('createSyncTask') ? h('a', { class: 'button primary', href: '#/tasks/new' }, 'New task') : null),
            health.element,
            h('section', { 'aria-labelledby': 'tasks-heading' },
                h('div', { class: 'section-head' },
                    h('h2', { id: 'tasks-heading' }, 'Sync tasks'),
                    h('div', { class: 'filter' }, h('label', { for: 'task-filter' }, 'Filter'), filter)),
                parked, summary, empty, grid));

        const cards = new Map();
        const show = (task) => {
            let card = cards.get(task.id);
            if (!card) {
                card = new TaskCard(task, { api, feed, can, traceViewerUrl });
                cards.set(task.id, card);
                const after = [...cards.keys()].sort().find((id) => id > task.id);
                grid.insertBefore(card.element, after ? cards.get(after).element : null);
                empty.remove();
            }
            card.update(task, feed.series(task.id, 'rate', 'lag'), feed.rate(task.id));
            applyFilter(card);
        };
        const applyFilter = (card) => {
            const words = filter.value.trim().toLowerCase();
            card.element.hidden = Boolean(words) && !card.text().includes(words);
        };
        const summarise = () => {
            const byStatus = {};
            for (const task of feed.tasks.values()) {
                byStatus[task.status] = (byStatus[task.status] ?? 0) + 1;
            }
            const withLetters = [...feed.tasks.values()].filter((task) => task.deadLetters > 0);
            const letters = withLetters.reduce((sum, task) => sum + task.deadLetters, 0);
            parked.hidden = letters === 0;
            if (letters > 0) {
                fill(parked, `${counted(letters, 'event')} parked as dead letters in `
                    + `${counted(withLetters.length, 'task')} (${withLetters.map((task) => task.id).sort().join(', ')}): `
                    + 'their sinks lack those changes until they are reprocessed. ',
                    h('a', { href: '#/dead-letters' }, 'See the dead letters'));
            }
            const text = [`${feed.tasks.size} task${feed.tasks.size === 1 ? '' : 's'}`,
                ...Object.entries(byStatus).sort().map(([status, n]) => `${n} ${statusLabel(status).toLowerCase()}`)].join(' · ');
            if (summary.textContent !== text) {
                summary.textContent = text; // a status region: say it only when it changes
            }
        };
        filter.addEventListener('input', () => cards.forEach(applyFilter));

        const onTask = ({ detail }) => show(detail.task);
        const onRemoved = ({ detail }) => {
            cards.get(detail.id)?.destroy();
            cards.delete(detail.id);
        };
        feed.addEventListener('task', onTask);
        feed.addEventListener('removed', onRemoved);
        const summaries = setInterval(summarise, 1000);

        // draw at once from what the feed knows, or from a query while the socket connects
        if (feed.tasks.size === 0) {
            const { syncTasks } = await api.request(`{ syncTasks { ...TaskLive } } ${TASK_LIVE}`);
            syncTasks.forEach((task) => feed.accept(task));
            if (syncTasks.length === 0) {
                empty.textContent = 'No sync tasks yet.';
            }
        } else {
            feed.sorted().forEach(show);
        }
        summarise();

        return () => {
            health.release();
            clearInterval(summaries);
            feed.removeEventListener('task', onTask);
            feed.removeEventListener('removed', onRemoved);
            cards.forEach((card) => card.destroy());
        };
    },
};

class TaskCard {
    constructor(task, { api, feed, can, traceViewerUrl }) {
        this.id = task.id;
        this.traceViewerUrl = traceViewerUrl;
        this.badge = badge(task.status);
        this.values = {};
        const value = (name) => (this.values[name] = h('span', { dataset: { field: name } }));
        this.error = h('p', { class: 'last-error', hidden: true });
        this.fullSync = h('p', { class: 'full-sync', hidden: true });
        this.chart = h('div', { class: 'spark' });
        this.toggle = null;
        if (can('pauseSyncTask') && can('resumeSyncTask')) {
            this.toggle = actionButton('Pause', async () => {
                const paused = this.status === 'PAUSED';
                const done = await taskAction(api, feed, paused ? 'resumeSyncTask' : 'pauseSyncTask', { id: this.id });
                notify(`${this.id} is ${statusInSentence(done.status)}`);
            }, { class: 'small', dataset: { action: 'toggle' } });
        }
        this.element = h('li', { class: 'card task-card', dataset: { task: task.id } },
            h('div', { class: 'card-head' },
                h('h3', {}, h('a', { href: `#/tasks/${encodeURIComponent(task.id)}` }, task.id)),
                this.badge),
            h('p', { class: 'sink' }, value('sink')),
            h('dl', { class: 'numbers' },
                h('div', {}, h('dt', {}, 'Position'), h('dd', {}, value('position'))),
                h('div', {}, h('dt', {}, 'Lag'), h('dd', {}, value('lag'))),
                h('div', {}, h('dt', {}, 'Throughput now'), h('dd', {}, value('throughput'))),
                h('div', {}, h('dt', {}, 'Latency p50 / p95'), h('dd', {}, value('latency'))),
                h('div', {}, h('dt', {}, 'Dead letters'), h('dd', {}, this.deadLetters = h('a',
                    { href: `#/dead-letters/${encodeURIComponent(task.id)}` }, value('deadLetters'))))),
            this.chart,
            this.legend = h('p', { class: 'legend', 'aria-hidden': 'true' }),
            this.fullSync,
            this.error,
            this.toggle ? h('div', { class: 'card-actions' }, this.toggle) : null);
        this.plot = null;
    }

    update(task, series, rate) {
        this.status = task.status;
        // a task that delivers but has parked events is degraded, as its health says
        setBadge(this.badge, task.status === 'ACTIVE' && task.deadLetters > 0 ? 'DEGRADED' : task.status);
        const v = this.values;
        v.sink.textContent = `${task.sink.type} → ${sinkTarget(task.sink)}`;
        v.position.textContent = `${count(task.position)} / ${count(task.head)}`;
        v.lag.textContent = `${counted(task.lagEvents, 'event')} · ${durationOfMillis(task.lagMillis)}`;
        v.throughput.textContent = `${decimal(rate ?? task.throughput)} events/s`;
        v.throughput.title = `over the last ${RATE_SECONDS} s; ${decimal(task.throughput)} events/s over the last minute`;
        // the small chart has no axes: its legend gives each line's unit and the top of its scale
        const peak = (values) => Math.max(0, ...values.filter((value) => value !== null && value !== undefined));
        fill(this.legend, `Last ${Math.max(1, Math.round((series[0].length || 1) / 60))} min: `,
            h('span', { class: 'key-rate' }, 'throughput'), ` events/s (peak ${decimal(peak(series[1]))}) · `,
            h('span', { class: 'key-lag' }, 'lag'), ` events (peak ${count(peak(series[2]))})`);
        v.latency.textContent = `${millis(task.latency.p50)} / ${millis(task.latency.p95)}`;
        v.deadLetters.textContent = count(task.deadLetters);
        this.deadLetters.setAttribute('aria-label', `${count(task.deadLetters)} dead letters of ${task.id}`);
        this.element.dataset.status = task.status;
        this.element.classList.toggle('has-dead-letters', task.deadLetters > 0);
        lastErrorText(this.error, task, this.traceViewerUrl);
        this.fullSync.hidden = !task.fullSync;
        if (task.fullSync) {
            const r = task.fullSync;
            this.fullSync.textContent = `Full sync ${r.generation}: ${r.phase.toLowerCase()}, `
                + `${count(r.position)} / ${count(r.head)}, ${r.etaSeconds == null ? 'time left unknown'
                    : `about ${duration(r.etaSeconds)} left`}`;
        }
        if (this.toggle) {
            const paused = task.status === 'PAUSED';
            this.toggle.textContent = paused ? 'Resume' : 'Pause';
            this.toggle.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} ${task.id}`);
            this.toggle.hidden = task.status === 'DELETED';
        }
        if (!this.plot && this.element.isConnected) {
            this.plot = new TaskChart(this.chart, { compact: true });
        }
        this.plot?.update(series);
    }

    text() {
        return `${this.id} ${this.values.sink.textContent} ${statusLabel(this.status)}`.toLowerCase();
    }

    destroy() {
        this.plot?.destroy();
        this.element.remove();
    }
}

/** Where a card's task delivers: its index, its topics, its table or its URL. */
function sinkTarget(sink) {
    if (sink.meilisearch) {
        return sink.meilisearch.index;
    }
    if (sink.kafka) {
        return sink.kafka.topics.map((topic) => topic.topic).join(', ');
    }
    if (sink.webhook) {
        return sink.webhook.url;
    }
    return sink.legacy?.table ?? '';
}
