import { h, badge, poll } from '../dom.js';

/** Names people know the engines by; a component not listed here shows its own name. */
const ENGINES = { db: 'PostgreSQL', meilisearch: 'Meilisearch', kafka: 'Kafka', legacy: 'Legacy store',
    legacyStore: 'Legacy store', diskSpace: 'Disk space', binders: 'Kafka' };
/** Composites whose one part is the engine itself (the command intake's Kafka binder): no list of parts. */
const SINGLE = new Set(['binders']);
/** Probes and aggregates shown elsewhere (sync tasks are the cards). */
const HIDDEN = new Set(['ping', 'livenessState', 'readinessState', 'ssl', 'syncTasks']);

const QUERY = `{ health { status components { name status details { key value } components { name status } } } }`;

/**
 * The engines' health, polled every ten seconds while in view (there is no health subscription): one chip per
 * engine, with the reason when one is not up.
 */
export function healthStrip(api) {
    const list = h('ul', { class: 'health-list' }, h('li', { class: 'muted' }, 'Checking the engines…'));
    const section = h('section', { class: 'health', 'aria-labelledby': 'health-heading' },
        h('h2', { id: 'health-heading' }, 'Engines'), list);
    const refresh = async () => {
        try {
            const { health } = await api.request(QUERY);
            list.replaceChildren(...health.components.filter((component) => !HIDDEN.has(component.name))
                .map(chip));
        } catch (failure) {
            list.replaceChildren(h('li', { class: 'error' }, `Health unknown: ${failure.message}`));
        }
    };
    refresh();
    return { element: section, release: poll(refresh, 10000) };
}

function chip(component) {
    const problem = component.status !== 'UP'
        ? component.details.find((detail) => detail.key === 'error') ?? component.details[0]
        : null;
    return h('li', { class: `health-chip status-${component.status}`, dataset: { component: component.name } },
        h('span', { class: 'engine' }, ENGINES[component.name] ?? component.name),
        badge(component.status),
        problem ? h('span', { class: 'reason' }, `${problem.key}: ${problem.value}`) : null,
        component.components.length && !SINGLE.has(component.name) ? h('span', { class: 'parts' }, component.components
            .map((part) => `${part.name} ${part.status.toLowerCase()}`).join(', ')) : null);
}
