import { h, badge, count, counted, facts, fill, actionButton, confirmAction, notify, uid } from '../dom.js';

const REPAIR = `mutation($dryRun: Boolean) {
    repairDrift(dryRun: $dryRun) {
        __typename ... on UserError { message }
        ... on DriftRepairReport {
            dryRun mode verifiedAt notReached
            counts { missingInNew missingInLegacy stale different repaired skipped failed }
            rows { id kind action result legacyVersion newVersion detail }
        }
    }
}`;

const ACTIONS = {
    IMPORT_INTO_NEW: 'Import into Dovetail', UPDATE_IN_NEW: 'Update in Dovetail', DELETE_IN_NEW: 'Delete in Dovetail',
    WRITE_TO_LEGACY: 'Write to legacy', DELETE_FROM_LEGACY: 'Delete from legacy', NONE: 'Nothing',
};

const FROM = {
    LEGACY_PRIMARY: 'The legacy store is primary: commands bring Dovetail to the legacy rows (an import, an update '
        + 'with compare-and-set, or a deletion), and things-legacy writes back what they change.',
    NEW_PRIMARY: 'Dovetail is primary: the legacy sink\'s version-guarded writes bring the legacy table to the '
        + 'Things (a write, or a deletion where Dovetail has no Thing).',
};

/**
 * The "Repair drift" action beside the verifier: asks first, with a dry run chosen, and shows what the repair did (or
 * would do) in `into`, row by row. The repair works from the verifier's last report and reads both sides again, so
 * a row changed since that report is left alone.
 */
export function repairButton({ api, current, kinds, into }) {
    return actionButton('Repair drift', async () => {
        const dryRun = h('input', { type: 'checkbox', id: uid('dry-run'), name: 'dryRun', checked: true });
        const state = current();
        if (!await confirmAction({ title: 'Repair drift?',
            message: 'Each row of the verifier\'s last report is sent from the primary side to the other, unless it '
                + `changed since the report. ${FROM[state.mode] ?? ''} The repair is recorded in the history.`,
            extra: h('span', { class: 'checkbox' }, dryRun,
                h('label', { for: dryRun.id }, 'Dry run: only show what the repair would do')),
            confirm: 'Repair drift' })) {
            return;
        }
        const { repairDrift: result } = await api.request(REPAIR, { dryRun: dryRun.checked });
        if (result.__typename !== 'DriftRepairReport') {
            throw new Error(result.message);
        }
        fill(into, showRepair(result, kinds));
        const c = result.counts;
        notify(result.dryRun ? `Dry run: ${counted(c.repaired, 'row')} would be repaired, nothing was changed`
            : `${counted(c.repaired, 'row')} repaired, ${count(c.skipped)} skipped, ${count(c.failed)} failed; `
                + 'run the verifier again once things-legacy has caught up', c.failed ? 'error' : 'info');
    }, { dataset: { action: 'repair' } });
}

function showRepair(report, kinds) {
    const c = report.counts;
    return [
        h('h3', {}, report.dryRun ? 'Dry run: what a repair would do' : 'Last repair'),
        facts([
            ['Repaired', h('span', { dataset: { count: 'repaired' } }, count(c.repaired))],
            ['Skipped', h('span', { dataset: { count: 'skipped' } }, count(c.skipped))],
            ['Failed', h('span', { dataset: { count: 'failed' } }, count(c.failed))],
            ['Not reached', h('span', { dataset: { count: 'not-reached' } }, count(report.notReached))],
        ]),
        h('div', { class: 'table-wrap' }, h('table', { class: 'repair' },
            h('caption', {}, report.dryRun ? 'The rows a repair would take on' : 'The rows the repair took on'),
            h('thead', {}, h('tr', {}, ['Id', 'Kind', 'Action', 'Result', 'What'].map((title) =>
                h('th', { scope: 'col' }, title)))),
            h('tbody', {}, report.rows.map((row) => h('tr', { dataset: { id: row.id, result: row.result } },
                h('th', { scope: 'row' }, row.id),
                h('td', {}, kinds[row.kind] ?? row.kind),
                h('td', {}, ACTIONS[row.action] ?? row.action),
                h('td', {}, badge(row.result)),
                h('td', { class: 'cause' }, row.detail)))))),
    ];
}
