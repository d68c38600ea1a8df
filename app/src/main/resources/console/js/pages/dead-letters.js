import { h, append, fill, count, counted, timeElement, facts, actionButton, confirmAction, notify, uid, debounce } from '../dom.js';

const SHOWN = 500;
const THINGS_PER_GROUP = 10;

const OVERALL = `{ deadLetters(first: 0) { total things byTask { key letters } oldest { taskId enqueuedAt } } }`;

const OF_TASK = `query($taskId: ID!, $first: Int) {
    deadLetters(taskId: $taskId, first: $first) {
        taskId total things
        byError { key letters }
        oldest { enqueuedAt } newest { enqueuedAt }
        letters { thingId indexInSequence eventType sequenceNumber causeType cause enqueuedAt lastTouched }
    }
}`;

const PROCESSED = `__typename
    ... on DeadLettersProcessed { things delivered stillParked remaining }
    ... on DeadLettersEvicted { evicted remaining }
    ... on UserError { message }`;

/** Where events are parked, by task. */
export const deadLetters = {
    path: 'dead-letters',
    section: 'dead-letters',
    nav: 'Dead letters',
    title: 'Dead letters',
    async render({ api, feed, view }) {
        const { deadLetters: report } = await api.request(OVERALL);
        const known = new Map(report.byTask.map((task) => [task.key, task.letters]));
        for (const task of feed.tasks.keys()) {
            if (!known.has(task)) {
                known.set(task, 0);
            }
        }
        append(view, h('h1', {}, 'Dead letters'),
            h('p', { class: 'help' }, 'Events a sink refused for good wait in their task\'s queue; each Thing\'s later ',
                'events wait behind its first. Fix the cause (often the task\'s definition), then reprocess.'),
            facts([
                ['Parked events', count(report.total)],
                ['Things waiting', count(report.things)],
                ['Oldest', report.oldest ? h('span', {}, timeElement(report.oldest.enqueuedAt), ` in ${report.oldest.taskId}`)
                    : 'none'],
            ]),
            h('div', { class: 'table-wrap' }, h('table', {},
                h('caption', {}, 'Parked events per task'),
                h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Task'), h('th', { scope: 'col', class: 'number' },
                    'Parked events'))),
                h('tbody', {}, [...known.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
                    .map(([task, letters]) => h('tr', { dataset: { task } },
                        h('th', { scope: 'row' }, h('a', { href: `#/dead-letters/${encodeURIComponent(task)}` }, task)),
                        h('td', { class: 'number' }, count(letters))))))));
        return null;
    },
};

/** One task's queue: grouped by the error that parked each Thing, oldest first; reprocess and evict. */
export const taskDeadLetters = {
    path: 'dead-letters/:taskId',
    section: 'dead-letters',
    title: ({ taskId }) => `Dead letters of ${taskId}`,
    async render({ api, feed, can, view, params }) {
        const taskId = params.taskId;
        const body = h('div', { class: 'letters' });
        const limit = h('input', { type: 'text', inputmode: 'numeric', id: 'reprocess-limit', value: '100', size: 5 });

        const load = async () => {
            const { deadLetters: report } = await api.request(OF_TASK, { taskId, first: SHOWN });
            if (!report) {
                body.replaceChildren(h('p', {}, `No sync task has the id ${taskId}.`));
                return;
            }
            fill(body, present(report));
        };
        const run = async (mutation, variables, describe) => {
            const { result } = await api.request(`mutation${mutation} { ${PROCESSED} } }`, variables);
            if (result.message) {
                throw new Error(result.message);
            }
            notify(describe(result));
            await load();
        };
        const reprocess = can('reprocessDeadLetters') ? actionButton('Reprocess', () => {
            if (!/^\d+$/.test(limit.value.trim())) {
                throw new Error('The number of Things to reprocess must be a whole number');
            }
            return run('($taskId: ID!, $limit: Int) { result: reprocessDeadLetters(taskId: $taskId, limit: $limit)',
                { taskId, limit: Number(limit.value.trim()) }, (r) => `Reprocessed ${counted(r.things, 'Thing')}: `
                    + `${counted(r.delivered, 'event')} delivered, ${counted(r.stillParked, 'Thing')} still parked, `
                    + `${count(r.remaining)} remaining`);
        }, { class: 'primary', dataset: { action: 'reprocess' } }) : null;
        const evictAll = can('evictDeadLetters') ? actionButton('Evict all', async () => {
            if (await confirmAction({ title: `Evict every dead letter of ${taskId}?`, danger: true,
                message: 'The sink never gets these events. A full sync delivers the Things\' current state again.',
                confirm: 'Evict all' })) {
                await run('($taskId: ID!) { result: evictDeadLetters(taskId: $taskId, all: true)', { taskId },
                    (r) => `Evicted ${counted(r.evicted, 'event')}`);
            }
        }, { class: 'danger', dataset: { action: 'evict-all' } }) : null;

        const evictThing = async (thingId) => {
            if (await confirmAction({ title: `Evict Thing ${thingId}'s letters?`, danger: true,
                message: `Every parked event of this Thing in ${taskId} is dropped for good; the sink never gets them.`,
                confirm: 'Evict' })) {
                await run('($taskId: ID!, $thingIds: [ID!]) { result: evictDeadLetters(taskId: $taskId, thingIds: $thingIds)',
                    { taskId, thingIds: [thingId] }, (r) => `Evicted ${counted(r.evicted, 'event')}`);
            }
        };
        const evicting = can('evictDeadLetters');
        // the action sits with the Thing it acts on, first in the row, so a narrow screen never scrolls it away
        const row = (letter) => h('tr', { dataset: { thing: letter.thingId } },
            h('td', { class: 'thing-cell' }, h('a', { href: `#/things/${encodeURIComponent(letter.thingId)}` }, letter.thingId),
                evicting && letter.indexInSequence === 0 ? actionButton('Evict', () => evictThing(letter.thingId),
                    { class: 'small danger', 'aria-label': `Evict Thing ${letter.thingId}` }) : null),
            h('td', { class: 'number' }, letter.indexInSequence),
            h('td', {}, letter.eventType),
            h('td', { class: 'number' }, count(letter.sequenceNumber)),
            h('td', {}, timeElement(letter.enqueuedAt)),
            h('td', {}, letter.indexInSequence === 0 ? 'refused' : 'waits behind #0'));
        const group = (cause, things, letters) => {
            const heading = uid('group');
            const body = h('tbody', {}, letters.map(row));
            const thingsShown = new Set(letters.map((letter) => letter.thingId));
            // a long queue shows its oldest Things first, the rest on request
            const rows = [...body.children];
            const firstOf = [...thingsShown].slice(0, THINGS_PER_GROUP);
            const hidden = rows.filter((tr) => !firstOf.includes(tr.dataset.thing));
            hidden.forEach((tr) => { tr.hidden = true; });
            const more = hidden.length ? h('button', { type: 'button', class: 'small', onclick: (event) => {
                hidden.forEach((tr) => { tr.hidden = false; });
                event.target.remove();
            } }, `Show all ${count(thingsShown.size)} Things`) : null;
            return h('section', { class: 'panel error-group', 'aria-labelledby': heading },
                h('h2', { id: heading }, h('span', { class: 'cause' }, cause)),
                h('p', { class: 'help' }, `${counted(things ?? 0, 'Thing')} stopped by this error; their later events wait behind it`),
                h('div', { class: 'table-wrap' }, h('table', {},
                    h('thead', {}, h('tr', {},
                        ['Thing', '#', 'Event', 'Sequence', 'Parked at', 'State'].map((title) => h('th', { scope: 'col' }, title)))),
                    body)),
                more);
        };
        const present = (report) => {
            if (report.total === 0) {
                return [h('p', { class: 'all-clear' }, 'No parked events.')];
            }
            const firstCause = new Map();
            report.letters.filter((letter) => letter.indexInSequence === 0)
                .forEach((letter) => firstCause.set(letter.thingId, letter.cause ?? 'unknown cause'));
            const groups = new Map(report.byError.map((error) => [error.key, []]));
            for (const letter of report.letters) {
                const key = firstCause.get(letter.thingId) ?? 'waiting behind a letter not shown';
                if (!groups.has(key)) {
                    groups.set(key, []);
                }
                groups.get(key).push(letter);
            }
            // each Thing's letters together, Things in the order their oldest letter was parked
            const order = new Map();
            report.letters.forEach((letter) => order.has(letter.thingId) || order.set(letter.thingId, order.size));
            groups.forEach((letters) => letters.sort((a, b) => order.get(a.thingId) - order.get(b.thingId)
                || a.indexInSequence - b.indexInSequence));
            const counts = new Map(report.byError.map((error) => [error.key, error.letters]));
            return [
                facts([
                    ['Parked events', count(report.total)],
                    ['Things waiting', count(report.things)],
                    ['Oldest', timeElement(report.oldest?.enqueuedAt)],
                    ['Newest', timeElement(report.newest?.enqueuedAt)],
                ]),
                report.letters.length < report.total
                    ? h('p', { class: 'notice' }, `Showing the oldest ${count(report.letters.length)} of `
                        + `${count(report.total)} parked events.`) : null,
                [...groups.entries()].filter(([, letters]) => letters.length)
                    .map(([cause, letters]) => group(cause, counts.get(cause), letters)),
            ];
        };

        append(view,
            h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/dead-letters' }, 'Dead letters'),
                ' / ', taskId),
            h('div', { class: 'page-head' },
                h('h1', {}, 'Dead letters of ', h('a', { href: `#/tasks/${encodeURIComponent(taskId)}` }, taskId)),
                h('div', { class: 'actions' },
                    reprocess ? h('span', { class: 'inline-field' }, h('label', { for: 'reprocess-limit' }, 'Things'), limit)
                        : null,
                    reprocess, evictAll)),
            h('p', { class: 'help' }, 'Reprocessing delivers each Thing\'s parked events in order through the task\'s ',
                'current definition; a Thing whose first event fails again stays parked with the new cause.'),
            body);
        await load();

        // a new letter, or one delivered elsewhere, shows up without a reload
        const refresh = debounce(() => load().catch(() => {}), 500);
        const onTask = ({ detail }) => {
            if (detail.task.id === taskId && detail.previous && detail.previous.deadLetters !== detail.task.deadLetters) {
                refresh();
            }
        };
        feed.addEventListener('task', onTask);
        return () => feed.removeEventListener('task', onTask);
    },
};
