import { h } from '../dom.js';
import { field, text, select } from '../form-fields.js';

/** The sink kinds the API accepts, as SinkInput names them. */
const KINDS = [['meilisearch', 'Meilisearch index'], ['kafka', 'Kafka topics'], ['legacy', 'Legacy store table'],
    ['webhook', 'Webhook (HTTP POST)']];
const TOPOLOGIES = ['SINGLE', 'REPLICATED', 'SHARDED'];
const FORMATS = ['EVENTS', 'STATE'];
const MAX_TOPICS = 4;

/**
 * The sink part of the task form: a choice of kind and the settings of each kind, only the chosen one shown. An
 * existing task keeps its kind (the API refuses to change it): the choice is fixed and shows the task's own settings.
 * The form numbers the topic rows' paths ({@code renumberRows}) once it is built, and as rows come and go.
 */
export function sinkFieldset(existing, renumberRows) {
    const kind = existing?.sink.type ?? 'meilisearch';
    const m = existing?.sink.meilisearch;
    const topics = h('ol', { class: 'rows', dataset: { rows: 'topics' } });
    const panels = {
        meilisearch: h('div', { dataset: { sink: 'meilisearch' } },
            field('sink.meilisearch.index', 'Index', text({ value: m?.index ?? '', required: true }),
                'The deployment\'s index prefix goes before it.'),
            field('sink.meilisearch.primaryKey', 'Primary key', text({ value: m?.primaryKey ?? '', placeholder: 'id' })),
            field('sink.meilisearch.searchableAttributes', 'Searchable attributes',
                text({ value: m?.searchableAttributes.join(', ') ?? '', placeholder: 'name' }), 'Comma-separated.'),
            field('sink.meilisearch.filterableAttributes', 'Filterable attributes',
                text({ value: m?.filterableAttributes.join(', ') ?? '' }), 'Comma-separated.'),
            field('sink.meilisearch.sortableAttributes', 'Sortable attributes',
                text({ value: m?.sortableAttributes.join(', ') ?? '' }), 'Comma-separated.'),
            h('div', { class: 'field-grid' },
                field('sink.meilisearch.topology', 'Topology', select(TOPOLOGIES, m?.topology ?? 'SINGLE'),
                    'Changing it (or the instances) moves the task into fresh indexes by a full sync.'),
                field('sink.meilisearch.instances', 'Instances', text({ value: m?.instances?.join(', ') ?? '' }),
                    'Configured instance names, comma-separated; none: the default instance.'))),
        kafka: h('div', { dataset: { sink: 'kafka' } },
            h('p', { class: 'help' }, `1..${MAX_TOPICS} topics keyed by Thing id; the deployment's topic prefix goes `
                + 'before each. EVENTS: every event; STATE: the latest state, compacted, a tombstone on removal.'),
            h('div', { class: 'field', dataset: { path: 'sink.kafka.topics' } }, h('p', { class: 'field-error' })),
            topics,
            h('button', { type: 'button', onclick: () => addTopic() }, 'Add topic')),
        legacy: h('div', { dataset: { sink: 'legacy' } },
            h('div', { class: 'field-grid' },
                field('sink.legacy.dataSource', 'Data source', text({ value: existing?.sink.legacy?.dataSource ?? 'legacy' }),
                    'The configured legacy data source.'),
                field('sink.legacy.table', 'Table', text({ value: existing?.sink.legacy?.table ?? '' }),
                    'Its table, optionally schema-qualified (dovetail.legacy.table).'))),
        webhook: webhookPanel(existing?.sink.webhook),
    };
    const chooser = select(KINDS, kind, { disabled: Boolean(existing) });
    const show = () => Object.entries(panels).forEach(([name, panel]) => {
        panel.hidden = name !== chooser.value;
    });
    chooser.addEventListener('change', show);

    function addTopic(topic = {}, building = false) {
        topics.append(h('li', { class: 'row', dataset: { row: 'topic' } },
            h('p', { class: 'field-error row-error' }),
            field('.topic', 'Topic', text({ value: topic.topic ?? '' })),
            field('.format', 'Format', select(FORMATS, topic.format ?? 'EVENTS')),
            h('button', { type: 'button', class: 'small', onclick: (event) => {
                event.target.closest('li').remove();
                renumberRows();
            } }, 'Remove')));
        if (!building) {
            renumberRows();
        }
    }

    const existingTopics = existing?.sink.kafka?.topics ?? [];
    (existingTopics.length ? existingTopics : [{}]).forEach((topic) => addTopic(topic, true));
    show();
    return h('fieldset', { class: 'panel' }, h('legend', {}, 'Sink'),
        field('sink.type', 'Kind', chooser, existing
            ? 'Fixed once the task exists: create a new task for another kind of sink.'
            : 'Where the task delivers.'),
        Object.values(panels));
}

/**
 * A webhook: its URL (a host the deployment allows), the records' format, and the secret requests are signed with.
 * The API never answers the secret, so an existing task's field starts empty and, left so, keeps it.
 */
function webhookPanel(webhook) {
    const secret = h('input', { type: 'password', autocomplete: 'new-password', spellcheck: 'false', value: '' });
    return h('div', { dataset: { sink: 'webhook' } },
        field('sink.webhook.url', 'URL', text({ value: webhook?.url ?? '', placeholder: 'the receiver\'s https address' }),
            'Each batch is POSTed here as JSON; the host must be in dovetail.webhooks.allowed-hosts.'),
        h('div', { class: 'field-grid' },
            field('sink.webhook.format', 'Format', select(FORMATS, webhook?.format ?? 'EVENTS'),
                'EVENTS: every event; STATE: the latest state, a deleted record on removal.'),
            field('sink.webhook.secret', 'Secret', secret, webhook
                ? 'Set, never shown. Leave empty to keep it, or enter a new one (16..200 characters).'
                : '16..200 characters; each request is signed with it (X-Dovetail-Signature).')));
}

/** Row lists of the sink part whose fields carry numbered API paths. */
export function sinkRows(form) {
    return [[form.querySelector('[data-rows=topics]'), 'sink.kafka.topics']];
}

/** The SinkInput the form describes: the chosen kind's settings only. */
export function collectSink(form, value, words) {
    const kind = value('sink.type');
    if (kind === 'kafka') {
        const topics = [...form.querySelectorAll('[data-row=topic]')].map((row) => ({
            topic: value(`${row.dataset.path}.topic`) ?? '',
            format: value(`${row.dataset.path}.format`),
        }));
        return { kafka: { topics } };
    }
    if (kind === 'webhook') {
        const webhook = { url: value('sink.webhook.url') ?? '', format: value('sink.webhook.format') };
        // value() trims, and a secret is taken as typed
        const secret = form.querySelector('[data-path="sink.webhook.secret"] input').value;
        if (secret) {
            webhook.secret = secret;
        }
        return { webhook };
    }
    if (kind === 'legacy') {
        return { legacy: { dataSource: value('sink.legacy.dataSource') ?? '', table: value('sink.legacy.table') ?? '' } };
    }
    const meilisearch = { index: value('sink.meilisearch.index') ?? '' };
    const primaryKey = value('sink.meilisearch.primaryKey');
    if (primaryKey) {
        meilisearch.primaryKey = primaryKey;
    }
    for (const list of ['searchableAttributes', 'filterableAttributes', 'sortableAttributes']) {
        const attributes = words(`sink.meilisearch.${list}`);
        if (attributes || list !== 'searchableAttributes') {
            meilisearch[list] = attributes ?? [];
        }
    }
    meilisearch.topology = value('sink.meilisearch.topology');
    meilisearch.instances = words('sink.meilisearch.instances') ?? [];
    return { meilisearch };
}
