import { h, uid } from './dom.js';

/** A labelled field with its help and its error slot; a path starting with "." is relative to its row. */
export function field(path, label, input, help) {
    const id = uid('field');
    input.id = id;
    const error = h('p', { class: 'field-error', id: `${id}-error` });
    const helpText = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
    input.setAttribute('aria-describedby', [helpText?.id, error.id].filter(Boolean).join(' '));
    const relative = path.startsWith('.');
    return h('div', { class: 'field', dataset: relative ? { suffix: path } : { path } },
        h('label', { for: id }, label), input, helpText, error);
}

export function text(props) {
    return h('input', { type: 'text', spellcheck: 'false', ...props });
}

export function number(value, props = {}) {
    return h('input', { type: 'text', inputmode: 'numeric', value: value ?? '', ...props });
}

/** A select of options, each a value or a [value, label] pair. */
export function select(options, chosen, props = {}) {
    return h('select', props, options.map((option) => {
        const [value, label] = Array.isArray(option) ? option : [option, option];
        return h('option', { value, selected: value === chosen }, label);
    }));
}
