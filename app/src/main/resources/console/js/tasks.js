/** What the console reads of a sync task, live and on request. */
export const TASK_LIVE = `
fragment TaskLive on SyncTask {
    id status position head lagEvents lagMillis throughput delivered failures deadLetters lastError lastErrorAt
    lastErrorTraceId
    latency { p50 p95 p99 }
    sink { type meilisearch { index } kafka { topics { topic } } legacy { table } webhook { url } }
    fullSync { generation phase startedAt position head lagEvents rate etaSeconds }
    countsByEventType { eventType count }
}`;

/** Selects a task payload: the task, or the refusal's message. */
export const TASK_PAYLOAD = `__typename ... on SyncTask { ...TaskLive } ... on UserError { message }`;

export const WINDOW_SECONDS = 300;
const FORGET_AFTER_MS = 10000;
/** The current rate is events delivered over this many seconds: recent enough to follow a burst, long enough to be steady. */
export const RATE_SECONDS = 5;

/**
 * Every task's state as the syncTaskProgress subscription reports it once a second, with the last five minutes
 * of throughput, lag and latency for the charts. One subscription serves every page, so a chart keeps its
 * history when the operator moves between pages. A task left out of the reports for ten seconds is gone (deleted).
 */
export class TaskFeed extends EventTarget {
    constructor(api) {
        super();
        this.api = api;
        this.tasks = new Map();
        this.samples = new Map();
        this.seen = new Map();
        this.stop = null;
    }

    start() {
        this.stop = this.api.subscribe(`subscription { syncTaskProgress { ...TaskLive } } ${TASK_LIVE}`, {},
            (data) => this.accept(data.syncTaskProgress),
            (failure) => this.dispatchEvent(new CustomEvent('failure', { detail: failure })));
        this.pruning = setInterval(() => this.prune(), 2000);
    }

    close() {
        this.stop?.();
        clearInterval(this.pruning);
    }

    /** Takes a task's state from the subscription or from a query or mutation answer. */
    accept(task) {
        const now = Date.now();
        const previous = this.tasks.get(task.id);
        this.tasks.set(task.id, task);
        this.seen.set(task.id, now);
        const samples = this.samples.get(task.id) ?? emptySamples();
        const second = Math.floor(now / 1000);
        if (samples.time.at(-1) !== second) {
            samples.time.push(second);
            samples.delivered.push(task.delivered);
            samples.rate.push(currentRate(samples, task));
            samples.throughput.push(task.throughput);
            samples.lag.push(task.lagEvents);
            samples.p95.push(task.latency?.p95 ?? null);
            while (samples.time.length && samples.time[0] < second - WINDOW_SECONDS) {
                Object.values(samples).forEach((series) => series.shift());
            }
        }
        this.samples.set(task.id, samples);
        this.dispatchEvent(new CustomEvent('task', { detail: { task, previous } }));
    }

    /** Forgets tasks the subscription stopped reporting while it kept reporting others; a silent feed keeps all. */
    prune() {
        const newest = Math.max(...this.seen.values());
        for (const [id, at] of this.seen) {
            if (newest - at > FORGET_AFTER_MS) {
                this.forget(id);
            }
        }
    }

    forget(id) {
        this.tasks.delete(id);
        this.samples.delete(id);
        this.seen.delete(id);
        this.dispatchEvent(new CustomEvent('removed', { detail: { id } }));
    }

    /** The task's recent samples as uPlot data: time, then each series. */
    series(id, ...names) {
        const samples = this.samples.get(id) ?? emptySamples();
        return [samples.time, ...names.map((name) => samples[name])];
    }

    /** Events per second over the last few seconds, as delivered; null before there is a second sample. */
    rate(id) {
        return this.samples.get(id)?.rate.at(-1) ?? null;
    }

    sorted() {
        return [...this.tasks.values()].sort((a, b) => a.id.localeCompare(b.id));
    }
}

function emptySamples() {
    return { time: [], delivered: [], rate: [], throughput: [], lag: [], p95: [] };
}

/**
 * Events delivered per second over the last {@link RATE_SECONDS} seconds, from the delivered counter's samples
 * (the newest just pushed). The task's own throughput is a one-minute average, which trails a burst for a minute.
 * Until a second sample exists, or when the counter went back (its instance restarted), it is that average.
 */
function currentRate(samples, task) {
    const last = samples.time.length - 1;
    let first = last;
    while (first > 0 && samples.time[first - 1] >= samples.time[last] - RATE_SECONDS) {
        first -= 1;
    }
    const seconds = samples.time[last] - samples.time[first];
    const events = samples.delivered[last] - samples.delivered[first];
    return seconds > 0 && events >= 0 ? events / seconds : task.throughput;
}

/** Pause, resume, full sync and delete, each answering the task as it stands after, or throwing the refusal. */
export async function taskAction(api, feed, mutation, variables) {
    const force = mutation === 'deleteSyncTask';
    const data = await api.request(`mutation($id: ID!${force ? ', $force: Boolean' : ''}) {
        result: ${mutation}(id: $id${force ? ', force: $force' : ''}) { ${TASK_PAYLOAD} }
    } ${TASK_LIVE}`, variables);
    if (data.result.__typename !== 'SyncTask') {
        throw new Error(data.result.message);
    }
    if (data.result.status === 'DELETED') {
        feed.forget(data.result.id);
    } else {
        feed.accept(data.result);
    }
    return data.result;
}
