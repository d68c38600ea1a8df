import { h, append, uid, notify } from '../dom.js';
import { field, text, number, select } from '../form-fields.js';
import { DEFINITION } from './task.js';
import { sinkFieldset, sinkRows, collectSink } from './sink-fields.js';

const EVENT_TYPES = ['ThingCreated', 'ThingUpdated', 'ThingDeleted', 'ThingImported', 'ThingErased'];
const FIELDS = ['id', 'name', 'foo', 'version', 'createdOn', 'updatedOn'];
const OPERATORS = ['EQUALS', 'NOT_EQUALS', 'GT', 'LT', 'IN', 'EXISTS'];
const KINDS = { RENAME: 'to', DROP: null, MULTIPLY: 'factor', ROUND: 'scale', CONSTANT: 'value' };

const SAVE = `mutation($input: SyncTaskInput!) {
    result: MUTATION(input: $input) {
        __typename
        ... on SyncTask { id }
        ... on InvalidInput { problems { field message } }
        ... on UserError { message }
    }
}`;

export const newTask = {
    path: 'tasks/new',
    section: 'overview',
    title: 'New task',
    render: (context) => renderForm(context, null),
};

export const editTask = {
    path: 'tasks/:id/edit',
    section: 'overview',
    title: ({ id }) => `Edit ${id}`,
    async render(context) {
        const { syncTask } = await context.api.request(`query($id: ID!) { syncTask(id: $id) { id status ...Definition } }
            ${DEFINITION}`, { id: context.params.id });
        if (!syncTask) {
            append(context.view, h('h1', {}, 'No such task'), h('p', {}, `No sync task has the id ${context.params.id}.`));
            return null;
        }
        return renderForm(context, syncTask);
    },
};

/**
 * Create or change a task. The API checks every rule and names each broken one by its field path (e.g.
 * filter.conditions[0].values[0]); the form shows each message next to the field it names, and a summary on top
 * that leads to them. Only what the API cannot be sent at all (a number that is not a number) is checked here.
 */
function renderForm({ api, can, view, viewer }, existing) {
    const editing = Boolean(existing);
    if (!can(editing ? 'updateSyncTask' : 'createSyncTask')) {
        append(view, h('h1', {}, editing ? `Edit ${existing.id}` : 'New task'),
            h('p', {}, `This token's role (${viewer.role}) cannot ${editing ? 'change' : 'create'} sync tasks.`));
        return null;
    }
    const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
    const conditions = h('ol', { class: 'rows' });
    const transforms = h('ol', { class: 'rows' });

    const form = h('form', { class: 'task-form', novalidate: true },
        summary,
        h('fieldset', { class: 'panel' }, h('legend', {}, 'Task'),
            editing
                ? h('p', {}, 'Id: ', h('strong', {}, existing.id))
                : field('id', 'Id', text({ value: '', required: true, autocomplete: 'off' }),
                    'Lower-case letters, digits, - and _; up to 64. Cannot be changed or used again.')),
        sinkFieldset(existing, () => renumber()),
        h('fieldset', { class: 'panel' }, h('legend', {}, 'Filter'),
            h('fieldset', { class: 'field checkboxes', dataset: { path: 'filter.eventTypes' } },
                h('legend', {}, 'Event types (none ticked: all)'),
                EVENT_TYPES.map((type) => {
                    const id = uid('type');
                    return h('span', { class: 'checkbox' },
                        h('input', { type: 'checkbox', id, name: 'eventTypes', value: type,
                            checked: existing?.filter.eventTypes.includes(type) }),
                        h('label', { for: id }, type));
                }),
                h('p', { class: 'field-error' })),
            h('h3', {}, 'Conditions'),
            conditions,
            h('button', { type: 'button', onclick: () => addCondition() }, 'Add condition')),
        h('fieldset', { class: 'panel' }, h('legend', {}, 'Transform (applied in order)'),
            transforms,
            h('button', { type: 'button', onclick: () => addTransform() }, 'Add step')),
        h('fieldset', { class: 'panel' }, h('legend', {}, 'Options'),
            h('div', { class: 'field-grid' },
                field('options.batchSize', 'Batch size', number(existing?.options.batchSize), '1..10000 (500)'),
                field('options.batchTimeoutMillis', 'Batch timeout (ms)', number(existing?.options.batchTimeoutMillis),
                    '100..600000 (30000)'),
                field('options.segments', 'Segments', number(existing?.options.segments, { disabled: editing }),
                    editing ? 'Fixed once the task exists.' : '1..16 (1)'),
                field('options.threads', 'Threads', number(existing?.options.threads), '1..16 (1), per instance'))),
        h('div', { class: 'actions' },
            h('button', { type: 'submit', class: 'primary' }, editing ? 'Save changes' : 'Create task'),
            h('a', { class: 'button', href: editing ? `#/tasks/${encodeURIComponent(existing.id)}` : '#/' }, 'Cancel')));

    function addCondition(condition = {}) {
        const values = h('input', { type: 'text', value: condition.values?.join(', ') ?? '' });
        conditions.append(h('li', { class: 'row', dataset: { row: 'condition' } },
            h('p', { class: 'field-error row-error' }),
            field('.field', 'Field', select(FIELDS, condition.field ?? 'foo')),
            field('.operator', 'Operator', select(OPERATORS, condition.operator ?? 'GT')),
            field('.values', 'Values', values, 'Comma-separated; none for EXISTS.'),
            h('button', { type: 'button', class: 'small', onclick: (event) => remove(event, conditions) }, 'Remove')));
        renumber();
    }

    function addTransform(step = {}) {
        const kind = select(Object.keys(KINDS), step.kind ?? 'RENAME');
        const params = {
            to: field('.to', 'New name', text({ value: step.to ?? '' })),
            factor: field('.factor', 'Factor', text({ value: step.factor ?? '', inputmode: 'decimal' })),
            scale: field('.scale', 'Decimals', number(step.scale)),
            value: field('.value', 'Value', text({ value: step.value ?? '' })),
        };
        const showParam = () => Object.entries(params).forEach(([name, element]) => {
            element.hidden = KINDS[kind.value] !== name;
        });
        kind.addEventListener('change', showParam);
        transforms.append(h('li', { class: 'row', dataset: { row: 'transform' } },
            h('p', { class: 'field-error row-error' }),
            field('.field', 'Document field', text({ value: step.field ?? '' })),
            field('.kind', 'Step', kind),
            Object.values(params),
            h('button', { type: 'button', class: 'small', onclick: (event) => remove(event, transforms) }, 'Remove')));
        showParam();
        renumber();
    }

    function remove(event, rows) {
        event.target.closest('li').remove();
        renumber();
        rows.closest('fieldset').querySelector('button:last-of-type')?.focus();
    }

    /** Row fields carry their API paths (filter.conditions[2].values), renumbered as rows come and go. */
    function renumber() {
        const labels = { transform: 'Step', 'filter.conditions': 'Condition', 'sink.kafka.topics': 'Topic' };
        [[conditions, 'filter.conditions'], [transforms, 'transform'], ...sinkRows(form)].forEach(([rows, base]) => {
            [...rows.children].forEach((row, i) => {
                row.dataset.path = `${base}[${i}]`;
                row.setAttribute('aria-label', `${labels[base]} ${i + 1}`);
                row.querySelectorAll('.field').forEach((f) => {
                    f.dataset.path = `${base}[${i}]${f.dataset.suffix}`;
                });
            });
        });
    }

    existing?.filter.conditions.forEach(addCondition);
    existing?.transform.forEach(addTransform);
    renumber();

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const { input, problems } = collect(form, existing);
        if (problems.length) {
            showProblems(form, summary, problems);
            return;
        }
        const submit = form.querySelector('button[type=submit]');
        submit.disabled = true;
        try {
            const { result } = await api.request(SAVE.replace('MUTATION', editing ? 'updateSyncTask' : 'createSyncTask'),
                { input });
            if (result.__typename === 'SyncTask') {
                notify(editing ? `${result.id} is changed` : `${result.id} is created`);
                location.hash = `#/tasks/${encodeURIComponent(result.id)}`;
            } else if (result.__typename === 'InvalidInput') {
                showProblems(form, summary, result.problems);
            } else if (result.__typename === 'SyncTaskAlreadyExists') {
                showProblems(form, summary, [{ field: 'id', message: result.message }]);
            } else {
                showProblems(form, summary, [{ field: '', message: result.message }]);
            }
        } finally {
            submit.disabled = false;
        }
    });

    append(view,
        h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Overview'), ' / ',
            editing ? h('a', { href: `#/tasks/${encodeURIComponent(existing.id)}` }, existing.id) : 'New task',
            editing ? ' / Edit' : ''),
        h('h1', {}, editing ? `Edit ${existing.id}` : 'New sync task'),
        existing?.status === 'FULL_SYNC'
            ? h('p', { class: 'notice' }, 'A full sync runs: changes are refused until it completes.') : null,
        form);
    return null;
}

/** The SyncTaskInput the form describes, and what cannot even be sent (a number that is not one). */
function collect(form, existing) {
    const problems = [];
    const value = (path) => form.querySelector(`[data-path="${path}"] input, [data-path="${path}"] select`)?.value.trim();
    const words = (path) => {
        const text = value(path);
        return text ? text.split(',').map((word) => word.trim()).filter(Boolean) : null;
    };
    const whole = (path) => {
        const text = value(path);
        if (!text) {
            return null;
        }
        if (!/^-?\d+$/.test(text)) {
            problems.push({ field: path, message: 'must be a whole number' });
            return null;
        }
        return Number(text);
    };
    const decimalNumber = (path) => {
        const text = value(path);
        if (!text) {
            return null;
        }
        if (!Number.isFinite(Number(text))) {
            problems.push({ field: path, message: 'must be a number' });
            return null;
        }
        return Number(text);
    };
    const conditions = [...form.querySelectorAll('[data-row=condition]')].map((row) => {
        const base = row.dataset.path;
        const operator = value(`${base}.operator`);
        return { field: value(`${base}.field`), operator, values: operator === 'EXISTS' ? [] : words(`${base}.values`) ?? [] };
    });
    const transform = [...form.querySelectorAll('[data-row=transform]')].map((row) => {
        const base = row.dataset.path;
        const kind = value(`${base}.kind`);
        const step = { field: value(`${base}.field`) ?? '', kind };
        if (kind === 'RENAME') step.to = value(`${base}.to`) ?? '';
        if (kind === 'MULTIPLY') step.factor = decimalNumber(`${base}.factor`);
        if (kind === 'ROUND') step.scale = whole(`${base}.scale`);
        if (kind === 'CONSTANT') step.value = value(`${base}.value`) ?? '';
        return step;
    });
    // segments are fixed once a task exists: send what it has
    const options = existing ? { segments: existing.options.segments } : {};
    for (const option of ['batchSize', 'batchTimeoutMillis', 'threads'].concat(existing ? [] : ['segments'])) {
        const number = whole(`options.${option}`);
        if (number !== null) {
            options[option] = number;
        }
    }
    const eventTypes = [...form.querySelectorAll('input[name=eventTypes]:checked')].map((box) => box.value);
    const input = {
        id: existing?.id ?? value('id') ?? '',
        sink: collectSink(form, value, words),
        filter: { eventTypes, conditions },
        transform,
        options,
    };
    return { input, problems };
}

/** Each problem next to the field its path names (or the nearest enclosing one), and all of them on top. */
function showProblems(form, summary, problems) {
    form.querySelectorAll('.field-error').forEach((error) => { error.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    const items = problems.map((problem) => {
        const place = placeOf(form, problem.field);
        const error = place?.matches('.row') ? place.querySelector('.row-error') : place?.querySelector('.field-error');
        const control = place?.querySelector('input:not([type=checkbox]), select') ?? place?.querySelector('input');
        if (error) {
            error.textContent = error.textContent ? `${error.textContent}; ${problem.message}` : problem.message;
        }
        control?.setAttribute('aria-invalid', 'true');
        const label = problem.field ? `${problem.field} ${problem.message}` : problem.message;
        return h('li', {}, control
            ? h('a', { href: `#${control.id}`, onclick: (event) => { event.preventDefault(); control.focus(); } }, label)
            : label);
    });
    summary.replaceChildren(h('h2', {}, problems.length === 1 ? 'One thing to fix' : `${problems.length} things to fix`),
        h('ul', {}, items));
    summary.hidden = false;
    summary.focus();
}

function placeOf(form, path) {
    if (!path) {
        return null;
    }
    for (let candidate = path; candidate; candidate = candidate.replace(/(\[\d+\]|\.[^.[\]]+)$/, '')) {
        const found = form.querySelector(`[data-path="${CSS.escape(candidate)}"]`);
        if (found) {
            return found;
        }
        if (!/(\[\d+\]|\.[^.[\]]+)$/.test(candidate)) {
            break;
        }
    }
    return form.querySelector(`[data-path^="${CSS.escape(path)}."]`);
}
