/**
 * Building blocks of every page: elements built from text (never from HTML strings, so names and causes from
 * the data cannot inject markup), number and time formats, confirmation dialogs and notices.
 */

export function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(props ?? {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (key === 'class') {
            element.className = value;
        } else if (key === 'text') {
            element.textContent = value;
        } else if (key === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (key.startsWith('on') && typeof value === 'function') {
            element.addEventListener(key.slice(2), value);
        } else if (key === 'value' && 'value' in element) {
            element.value = value;
        } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
            element[key] = Boolean(value);
        } else {
            element.setAttribute(key, value === true ? '' : value);
        }
    }
    return append(element, ...children);
}

/** Appends nodes and text, skipping null, undefined and false, and flattening arrays (unlike Element.append). */
export function append(element, ...children) {
    for (const child of children.flat(Infinity)) {
        if (child !== null && child !== undefined && child !== false) {
            element.append(child instanceof Node ? child : String(child));
        }
    }
    return element;
}

/** Replaces an element's content, the way {@link append} adds to it. */
export function fill(element, ...children) {
    element.replaceChildren();
    return append(element, ...children);
}

let ids = 0;

/** A document-unique id for label/field/error links. */
export function uid(prefix = 'id') {
    ids += 1;
    return `${prefix}-${ids}`;
}

const integers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count with its noun, singular for one: "1 event", "12 events". */
export function counted(value, singular, plural = `${singular}s`) {
    return `${count(value)} ${value === 1 ? singular : plural}`;
}

export function count(value) {
    return value === null || value === undefined ? '—' : integers.format(value);
}

export function decimal(value) {
    return value === null || value === undefined ? '—' : decimals.format(value);
}

export function millis(value) {
    return value === null || value === undefined ? '—' : `${decimal(value)} ms`;
}

/** A span of seconds as people say it: 45 s, 3 min 5 s, 2 h 10 min. */
/** A duration given in milliseconds, as duration() writes it. */
export function durationOfMillis(millis) {
    return duration(millis === null || millis === undefined ? null : millis / 1000);
}

export function duration(seconds) {
    if (seconds === null || seconds === undefined) {
        return '—';
    }
    if (seconds < 60) {
        return `${decimal(seconds)} s`;
    }
    const whole = Math.round(seconds);
    if (whole < 3600) {
        return `${Math.floor(whole / 60)} min ${whole % 60} s`;
    }
    return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** An instant in the browser's time zone, to the second. */
export function instant(iso) {
    if (!iso) {
        return '—';
    }
    const date = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
        + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * A trace id, linked to the trace viewer when one is configured ({@code dovetail.tracing.viewer-url}: a URL
 * template with {traceId} in it); plain text otherwise, a dash when there is none.
 */
export function traceRef(traceId, viewerUrl) {
    if (!traceId) {
        return '—';
    }
    if (!viewerUrl) {
        return h('code', { class: 'trace-id' }, traceId);
    }
    return h('a', { class: 'trace-id', href: viewerUrl.replaceAll('{traceId}', encodeURIComponent(traceId)),
        target: '_blank', rel: 'noopener noreferrer', title: 'Open the trace' }, traceId);
}

/** "Last error (when): what", and the trace it happened in when it was traced. */
export function lastErrorText(element, task, viewerUrl) {
    element.hidden = !task.lastError;
    if (!task.lastError) {
        element.replaceChildren();
        return;
    }
    element.replaceChildren(`Last error (${instant(task.lastErrorAt)}): ${task.lastError}`,
        ...(task.lastErrorTraceId ? [' · trace ', traceRef(task.lastErrorTraceId, viewerUrl)] : []));
}

export function timeElement(iso) {
    return h('time', { datetime: iso ?? '' }, instant(iso));
}

/** Search highlights arrive as text with <em> marks; turn them into elements, everything else into text. */
export function highlighted(value) {
    const parts = [];
    let marked = false;
    for (const piece of String(value).split(/(<em>|<\/em>)/)) {
        if (piece === '<em>') {
            marked = true;
        } else if (piece === '</em>') {
            marked = false;
        } else if (piece) {
            parts.push(marked ? h('mark', {}, piece) : piece);
        }
    }
    return parts;
}

const STATUS_LABELS = {
    ACTIVE: 'Active', PAUSED: 'Paused', FULL_SYNC: 'Full sync', FAILED: 'Failed', DELETED: 'Deleted',
    UP: 'Up', DOWN: 'Down', DEGRADED: 'Degraded', OUT_OF_SERVICE: 'Out of service', UNKNOWN: 'Unknown',
    LEGACY_PRIMARY: 'Legacy primary', NEW_PRIMARY: 'Dovetail primary', LEGACY_RETIRED: 'Legacy retired',
    NOT_STARTED: 'Not started', RUNNING: 'Running', COMPLETED: 'Completed', STOPPED: 'Stopped',
    DRIFT: 'Drift', AGREES: 'Agrees', PLANNED: 'Planned', REPAIRED: 'Repaired', SKIPPED: 'Skipped',
};

/** A status in words, as its badge shows it. */
export function statusLabel(status) {
    return STATUS_LABELS[status] ?? status;
}

/** A task's status inside a sentence: "things-search is paused", "… is running a full sync". */
export function statusInSentence(status) {
    return status === 'FULL_SYNC' ? 'running a full sync' : statusLabel(status).toLowerCase();
}

/** A status as a word with a colour: the word carries the meaning, the colour only helps. */
export function badge(status) {
    return h('span', { class: `badge status-${status}`, dataset: { status } }, statusLabel(status));
}

export function setBadge(element, status) {
    element.className = `badge status-${status}`;
    element.dataset.status = status;
    element.textContent = statusLabel(status);
}

/** A definition list from [term, value] pairs; a value may be a node or text. */
export function facts(pairs, className = 'facts') {
    return h('dl', { class: className }, pairs.filter(Boolean).map(([term, value]) =>
        h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

/**
 * Asks before an action that cannot be taken back. Answers true when the user confirmed. The dialog is modal
 * (focus stays in it, Escape cancels) and Cancel has the focus first. `extra` goes under the message: a warning,
 * or an option the caller reads once confirmed.
 */
export function confirmAction({ title, message, confirm, danger = false, extra = null }) {
    return new Promise((resolve) => {
        const heading = uid('dialog');
        const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': heading },
            h('h2', { id: heading }, title),
            h('p', {}, message),
            extra,
            h('form', { method: 'dialog', class: 'actions' },
                h('button', { value: 'cancel', autofocus: true }, 'Cancel'),
                h('button', { value: 'confirm', class: danger ? 'danger' : 'primary' }, confirm)));
        dialog.addEventListener('close', () => {
            resolve(dialog.returnValue === 'confirm');
            dialog.remove();
        });
        document.body.append(dialog);
        dialog.showModal();
    });
}

/** A short notice that reads out to screen readers and goes away by itself. */
export function notify(message, kind = 'info') {
    // a click (or its button) puts it away at once, so it never has to be waited out to reach what it covers
    const toast = h('p', { class: `toast toast-${kind}`, onclick: () => toast.remove() }, message,
        h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×'));
    document.getElementById('toasts').append(toast);
    setTimeout(() => toast.remove(), kind === 'error' ? 10000 : 5000);
}

/** A button that disables itself while its action runs, and reports a failure as a notice. */
export function actionButton(label, action, props = {}) {
    const button = h('button', { type: 'button', ...props }, label);
    button.addEventListener('click', async () => {
        button.disabled = true;
        try {
            await action();
        } catch (failure) {
            notify(failure.message, 'error');
        } finally {
            button.disabled = false;
        }
    });
    return button;
}

/**
 * Calls fn every `interval` milliseconds while the page is in view, and at once when it comes back into view; never
 * two calls at a time. For what no subscription reports. Answers a function that stops it.
 */
export function poll(fn, interval) {
    let timer = null;
    let running = false;
    let stopped = false;
    const schedule = () => {
        clearTimeout(timer);
        timer = stopped || document.hidden ? null : setTimeout(tick, interval);
    };
    const tick = async () => {
        if (running || stopped || document.hidden) {
            return;
        }
        running = true;
        try {
            await fn();
        } finally {
            running = false;
            schedule();
        }
    };
    const onVisibility = () => (document.hidden ? schedule() : tick());
    document.addEventListener('visibilitychange', onVisibility);
    schedule();
    return () => {
        stopped = true;
        clearTimeout(timer);
        document.removeEventListener('visibilitychange', onVisibility);
    };
}

/** Calls fn once the calls have stopped for `wait` milliseconds. */
export function debounce(fn, wait) {
    let timer = null;
    return (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => fn(...args), wait);
    };
}
