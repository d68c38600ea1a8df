import { h, append, fill, badge, setBadge, count, counted, decimal, duration, durationOfMillis, millis, instant, timeElement, facts, actionButton,
    confirmAction, notify, poll, uid } from '../dom.js';
import { repairButton } from './drift-repair.js';

/** The sync task that writes Dovetail's changes into the legacy table (see the migration module). */
const LEGACY_TASK = 'things-legacy';
const REFRESH_MS = 2000;

const REPORT = `
fragment Report on VerificationReport {
    at durationMillis drift
    counts { legacyRows newRows missingInNew missingInLegacy stale different total }
    samples { id kind legacyVersion newVersion }
}`;

const MIGRATION = `
fragment MigrationLive on Migration {
    legacyConfigured mode modeSince
    backfill { status position imported total startedAt finishedAt rowsPerSecond }
    capture { source running position captured ignored lagMillis lastError lastErrorAt }
    lastReport { ...Report }
    history { type at detail }
} ${REPORT}`;

const QUERY = `{ migration { ...MigrationLive } } ${MIGRATION}`;

/** Selects a migration step's payload: the migration after it, or the refusal (with the report, for drift). */
const STEP_PAYLOAD = `__typename ... on Migration { ...MigrationLive } ... on UserError { message }
    ... on DriftFound { report { ...Report } }`;

const MODES = {
    LEGACY_PRIMARY: 'The legacy store is the master: capture brings its changes into Dovetail, and things-legacy '
        + 'writes Dovetail\'s changes back to it.',
    NEW_PRIMARY: 'Dovetail is the master: the legacy REST facade\'s writes are Dovetail commands, and things-legacy '
        + 'keeps the legacy table current, so rolling back is safe.',
    LEGACY_RETIRED: 'The legacy store is retired: capture has stopped and things-legacy is paused for good.',
};

const KINDS = {
    MISSING_IN_NEW: 'Missing in Dovetail', MISSING_IN_LEGACY: 'Missing in legacy',
    STALE: 'Stale: versions differ', DIFFERENT: 'Different: same version, other content',
};

const STEPS = {
    MigrationStarted: 'Migration started', MigrationBackfillStarted: 'Backfill started',
    MigrationBackfillCompleted: 'Backfill completed', MigrationDriftRepaired: 'Drift repaired',
    MigrationCutOver: 'Cut over to Dovetail',
    MigrationRolledBack: 'Rolled back to legacy', MigrationLegacyRetired: 'Legacy store retired',
};

/**
 * The migration off the legacy store: the mode, the backfill, capture and the legacy projection, the verifier's
 * last report with the rows that disagree, the audit trail, and the steps the token's role allows. No subscription
 * reports the migration, so the page asks again every two seconds while it is in view; things-legacy's lag comes
 * live from the task feed.
 */
export const migration = {
    path: 'migration',
    section: 'migration',
    nav: 'Migration',
    title: 'Migration',
    async render({ api, feed, can, view }) {
        const { migration: first } = await api.request(QUERY);
        if (!first.legacyConfigured) {
            append(view, h('h1', {}, 'Migration'),
                h('p', {}, 'No legacy store is configured (dovetail.legacy.datasource.url): there is nothing to migrate.'));
            return null;
        }
        let latest = first;
        const modeBadge = badge(first.mode);
        const refreshed = h('p', { class: 'help', role: 'status' });
        const mode = h('div');
        const backfill = h('div');
        const capture = h('div');
        const report = h('div');
        const repaired = h('div', { dataset: { field: 'repair' } });
        const history = h('ol', { class: 'history' });
        const projection = h('span', { dataset: { field: 'legacy-task' } }, 'no report yet');

        const step = async (mutation, variables, done) => {
            const force = mutation === 'cutOver';
            const { result } = await api.request(`mutation${force ? '($force: Boolean)' : ''} {
                result: ${mutation}${force ? '(force: $force)' : ''} { ${STEP_PAYLOAD} }
            } ${MIGRATION}`, variables);
            if (result.__typename !== 'Migration') {
                if (result.report) {
                    show({ ...latest, lastReport: result.report });
                }
                throw new Error(result.message);
            }
            show(result);
            notify(done(result));
        };
        const verify = can('verifyMigration') ? actionButton('Run verifier', async () => {
            const { verifyMigration: result } = await api.request(`mutation {
                verifyMigration { __typename ... on VerificationReport { ...Report } ... on UserError { message } }
            } ${REPORT}`);
            if (result.__typename !== 'VerificationReport') {
                throw new Error(result.message);
            }
            show({ ...latest, lastReport: result });
            notify(result.drift ? `The verifier found ${count(result.counts.total)} disagreeing row(s)`
                : 'The legacy table and Dovetail agree row for row');
        }, { dataset: { action: 'verify' } }) : null;
        const repair = can('repairDrift') ? repairButton({ api, current: () => latest, kinds: KINDS, into: repaired })
            : null;
        const startBackfill = can('startBackfill') ? actionButton('Start backfill', () =>
            step('startBackfill', {}, () => 'Backfill started'), { dataset: { action: 'backfill' } }) : null;
        const cutOver = can('cutOver') ? actionButton('Cut over', async () => {
            const drift = latest.lastReport?.drift ? latest.lastReport : null;
            const force = h('input', { type: 'checkbox', id: uid('force'), name: 'force' });
            if (await confirmAction({ title: 'Cut over to Dovetail?',
                message: 'Dovetail becomes primary: capture is drained to the legacy table\'s end, things-legacy '
                    + 'catches up, the verifier runs, new ids start past the legacy maximum, and the legacy REST '
                    + 'facade\'s writes become Dovetail commands. Roll back returns to the legacy store.',
                extra: drift ? h('div', { class: 'notice' },
                    h('p', {}, `The verifier found ${count(drift.counts.total)} disagreeing row(s) at `
                        + `${instant(drift.at)}. Cutover is refused while there is drift, unless forced.`),
                    h('span', { class: 'checkbox' }, force,
                        h('label', { for: force.id }, 'Cut over despite the drift (force)'))) : null,
                confirm: 'Cut over' })) {
                await step('cutOver', { force: force.checked }, () => 'Dovetail is primary');
            }
        }, { class: 'primary', dataset: { action: 'cut-over' } }) : null;
        const rollBack = can('rollBack') ? actionButton('Roll back', async () => {
            if (await confirmAction({ title: 'Roll back to the legacy store?',
                message: 'Once things-legacy has delivered every Dovetail change, the legacy store is primary again: '
                    + 'the legacy REST facade writes to its table, and capture brings the changes in.',
                confirm: 'Roll back' })) {
                await step('rollBack', {}, () => 'The legacy store is primary again');
            }
        }, { dataset: { action: 'roll-back' } }) : null;
        const retire = can('retireLegacy') ? actionButton('Retire legacy store', async () => {
            if (await confirmAction({ title: 'Retire the legacy store?', danger: true,
                message: 'There is no way back: capture stops and things-legacy is paused for good, so the legacy '
                    + 'table is no longer kept current and the migration cannot roll back.',
                confirm: 'Retire legacy store' })) {
                await step('retireLegacy', {}, () => 'The legacy store is retired');
            }
        }, { class: 'danger', dataset: { action: 'retire' } }) : null;

        append(view,
            h('div', { class: 'page-head' },
                h('h1', {}, 'Migration ', modeBadge),
                h('div', { class: 'actions' }, verify, repair, startBackfill, cutOver, rollBack, retire)),
            refreshed,
            h('div', { class: 'columns' },
                h('section', { class: 'panel', 'aria-labelledby': 'mode-heading' },
                    h('h2', { id: 'mode-heading' }, 'Mode'), mode),
                h('section', { class: 'panel', 'aria-labelledby': 'backfill-heading' },
                    h('h2', { id: 'backfill-heading' }, 'Backfill'),
                    h('p', { class: 'help' }, 'Snapshots the legacy table into the event store; rows Dovetail '
                        + 'holds at their version already are skipped, so running it again is harmless.'),
                    backfill)),
            h('section', { class: 'panel', 'aria-labelledby': 'capture-heading' },
                h('h2', { id: 'capture-heading' }, 'Capture'),
                h('p', { class: 'help' }, 'Legacy changes on their way into Dovetail, by source; changes at or below '
                    + 'the version Dovetail holds (its own writes coming back) are ignored.'),
                capture),
            h('section', { class: 'panel', 'aria-labelledby': 'report-heading' },
                h('h2', { id: 'report-heading' }, 'Verifier'),
                h('p', { class: 'help' }, 'The legacy table against Dovetail\'s read model, row by row: id, version '
                    + 'and a hash of the content. Repair drift sends each reported row from the primary side to the '
                    + 'other, unless it changed since the report.'),
                report, repaired),
            h('section', { class: 'panel', 'aria-labelledby': 'migration-history-heading' },
                h('h2', { id: 'migration-history-heading' }, 'History'),
                h('p', { class: 'help' }, 'Every recorded step of the migration, oldest first, from the event store.'),
                history));

        // a section is drawn again only when what it shows has changed, so nothing flickers or loses focus
        const drawn = new Map();
        const draw = (section, data, content) => {
            const key = JSON.stringify(data);
            if (drawn.get(section) !== key) {
                drawn.set(section, key);
                fill(section, content());
            }
        };
        const show = (state) => {
            latest = state;
            setBadge(modeBadge, state.mode);
            if (verify) {
                verify.hidden = state.mode === 'LEGACY_RETIRED';
            }
            if (repair) {
                repair.hidden = state.mode === 'LEGACY_RETIRED' || !state.lastReport?.drift;
            }
            // backfill and cutover only from legacy primary, and neither while a backfill runs
            const backfilling = state.backfill.status === 'RUNNING';
            if (startBackfill) {
                startBackfill.hidden = state.mode !== 'LEGACY_PRIMARY' || backfilling;
            }
            if (cutOver) {
                cutOver.hidden = state.mode !== 'LEGACY_PRIMARY' || backfilling;
            }
            if (rollBack) {
                rollBack.hidden = state.mode !== 'NEW_PRIMARY';
            }
            if (retire) {
                retire.hidden = state.mode !== 'NEW_PRIMARY';
            }
            draw(mode, [state.mode, state.modeSince], () => [
                h('p', {}, MODES[state.mode] ?? state.mode),
                facts([
                    ['Mode', h('code', {}, state.mode)],
                    ['Since', timeElement(state.modeSince)],
                    ['Dovetail → legacy', h('span', {},
                        h('a', { href: `#/tasks/${LEGACY_TASK}` }, LEGACY_TASK), ' ', projection)],
                ], 'facts wide'),
            ]);
            draw(backfill, state.backfill, () => showBackfill(state.backfill));
            draw(capture, state.capture, () => showCapture(state.capture));
            draw(report, state.lastReport, () => showReport(state.lastReport));
            draw(history, state.history, () => state.history.map((change) => h('li', { dataset: { type: change.type } },
                timeElement(change.at), ' ', h('strong', {}, STEPS[change.type] ?? change.type),
                change.detail ? `: ${change.detail}` : '')));
        };
        const showProjection = (task) => {
            if (task) {
                fill(projection, badge(task.status), ` ${counted(task.lagEvents, 'event')} behind · `
                    + `${durationOfMillis(task.lagMillis)}`);
            }
        };
        show(first);
        showProjection(feed.tasks.get(LEGACY_TASK));

        const onTask = ({ detail }) => {
            if (detail.task.id === LEGACY_TASK) {
                showProjection(detail.task);
            }
        };
        feed.addEventListener('task', onTask);
        const refresh = async () => {
            try {
                const { migration: state } = await api.request(QUERY);
                show(state);
                refreshed.textContent = '';
            } catch (failure) {
                refreshed.textContent = `Not up to date: ${failure.message}`;
            }
        };
        const stop = poll(refresh, REFRESH_MS);
        return () => {
            stop();
            feed.removeEventListener('task', onTask);
        };
    },
};

function showBackfill(progress) {
    const running = progress.status === 'RUNNING';
    return [
        facts([
            ['Status', badge(progress.status)],
            ['Imported', `${count(progress.imported)} of ${count(progress.total)} legacy rows`],
            ['Last id imported', progress.position == null ? '—' : String(progress.position)],
            ['Rate', `${decimal(progress.rowsPerSecond)} rows/s`],
            ['Started', timeElement(progress.startedAt)],
            ['Finished', running ? 'not yet' : timeElement(progress.finishedAt)],
        ], 'facts wide'),
        running ? h('progress', { 'aria-label': 'Backfill running' }) : null,
    ];
}

function showCapture(sources) {
    if (!sources.length) {
        return h('p', { class: 'muted' }, 'No capture runs on the instance that answered.');
    }
    return h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Source', 'State', 'Position', 'Captured', 'Ignored', 'Lag', 'Last error']
            .map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, sources.map((source) => h('tr', { dataset: { source: source.source } },
            h('th', { scope: 'row' }, source.source),
            h('td', {}, badge(source.running ? 'RUNNING' : 'STOPPED')),
            h('td', {}, source.position ? h('code', {}, source.position) : '—'),
            h('td', { class: 'number' }, count(source.captured)),
            h('td', { class: 'number' }, count(source.ignored)),
            h('td', { class: 'number' }, millis(source.lagMillis)),
            h('td', { class: 'cause' }, source.lastError
                ? [timeElement(source.lastErrorAt), ' ', source.lastError] : 'none'))))));
}

function showReport(report) {
    if (!report) {
        return h('p', { class: 'muted' }, 'The verifier has not run yet.');
    }
    const c = report.counts;
    const tally = (name, term, value) => [term, h('span', { dataset: { count: name } }, count(value))];
    return [
        h('p', {}, badge(report.drift ? 'DRIFT' : 'AGREES'), ' ', timeElement(report.at),
            `, in ${count(report.durationMillis)} ms`),
        facts([
            tally('legacy-rows', 'Legacy rows', c.legacyRows),
            tally('new-rows', 'Dovetail rows', c.newRows),
            tally('missing-in-new', 'Missing in Dovetail', c.missingInNew),
            tally('missing-in-legacy', 'Missing in legacy', c.missingInLegacy),
            tally('stale', 'Stale', c.stale),
            tally('different', 'Different', c.different),
            tally('total', 'Disagreeing rows', c.total),
        ]),
        report.samples.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'drift' },
            h('caption', {}, report.samples.length < c.total
                ? `The first ${count(report.samples.length)} of ${count(c.total)} disagreeing rows, in id order`
                : 'Disagreeing rows, in id order'),
            h('thead', {}, h('tr', {},
                h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col' }, 'Kind'),
                h('th', { scope: 'col', class: 'number' }, 'Legacy version'),
                h('th', { scope: 'col', class: 'number' }, 'Dovetail version'))),
            h('tbody', {}, report.samples.map((row) => h('tr', { dataset: { id: row.id, kind: row.kind } },
                h('th', { scope: 'row' }, row.newVersion == null ? row.id
                    : h('a', { href: `#/things/${encodeURIComponent(row.id)}` }, row.id)),
                h('td', {}, KINDS[row.kind] ?? row.kind),
                h('td', { class: 'number' }, row.legacyVersion == null ? '—' : count(row.legacyVersion)),
                h('td', { class: 'number' }, row.newVersion == null ? '—' : count(row.newVersion)))))))
            : h('p', { class: 'all-clear' }, 'Every row agrees.'),
    ];
}
