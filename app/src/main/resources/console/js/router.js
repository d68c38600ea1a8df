/**
 * Hash routes (#/tasks/things-search): each page declares a path with :parameters; the first page whose path
 * matches renders into <main>. A page's render answers a function that releases what it holds (subscriptions,
 * timers, charts), called before the next page renders.
 */
export class Router {
    constructor(pages, outlet, context) {
        this.pages = pages.map((page) => ({ ...page, pattern: pattern(page.path) }));
        this.outlet = outlet;
        this.context = context;
        this.release = null;
        this.rendered = 0;
    }

    start() {
        window.addEventListener('hashchange', () => this.show());
        this.show();
    }

    stop() {
        this.release?.();
        this.release = null;
    }

    async show() {
        const path = location.hash.replace(/^#\/?/, '');
        let params = null;
        const page = this.pages.find((candidate) => (params = match(candidate.pattern, path)) !== null);
        this.stop();
        delete this.outlet.dataset.rendered;
        this.outlet.replaceChildren();
        const shown = ++this.rendered;
        if (!page) {
            this.outlet.append(Object.assign(document.createElement('h1'), { textContent: 'No such page' }));
            this.context.markSection(null);
            this.outlet.dataset.rendered = location.hash;
            return;
        }
        document.title = `${typeof page.title === 'function' ? page.title(params) : page.title} · Dovetail console`;
        this.context.markSection(page.section);
        // each page fills its own element: one that loads slowly writes into a detached one once left
        const view = document.createElement('div');
        view.className = 'page';
        this.outlet.append(view);
        let release = null;
        try {
            release = await page.render({ ...this.context, view, params });
        } catch (failure) {
            this.context.showFailure(view, failure);
        }
        if (shown !== this.rendered) {
            release?.(); // the operator moved on while this page loaded
            return;
        }
        this.release = release ?? null;
        // which page is on screen, for anything that waits for it (the browser tests do)
        this.outlet.dataset.rendered = location.hash;
        if (shown > 1) {
            // move keyboard and screen-reader focus to the new page, as a page load would
            this.outlet.querySelector('h1')?.setAttribute('tabindex', '-1');
            this.outlet.querySelector('h1')?.focus({ preventScroll: false });
        }
    }
}

function pattern(path) {
    const names = [];
    const source = path.split('/').filter(Boolean).map((part) => {
        if (part.startsWith(':')) {
            names.push(part.slice(1));
            return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('/');
    return { regex: new RegExp(`^${source}$`), names };
}

function match({ regex, names }, path) {
    const found = regex.exec(path);
    if (!found) {
        return null;
    }
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
}
