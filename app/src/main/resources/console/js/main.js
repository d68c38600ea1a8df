import { Api } from './api.js';
import { h, notify } from './dom.js';
import { Router } from './router.js';
import { TaskFeed } from './tasks.js';
import { pages } from './pages/index.js';

// The token lives in this tab only (sessionStorage): closing the tab forgets it, and it is sent only to this server.
const TOKEN = 'dovetail.console.token';
const NOTICE = 'dovetail.console.notice';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const session = document.getElementById('session');

/** Who the token is, and where the trace viewer is (when configured), for every page. */
const VIEWER = '{ viewer { name role mutations } traceViewerUrl }';

start();

async function start() {
    const token = sessionStorage.getItem(TOKEN);
    if (!token) {
        showSignIn(takeNotice());
        return;
    }
    const api = new Api(token);
    try {
        const { viewer, traceViewerUrl } = await api.request(VIEWER);
        run(api, viewer, traceViewerUrl);
    } catch (failure) {
        if (failure.unauthorized) {
            sessionStorage.removeItem(TOKEN);
            showSignIn('Dovetail does not know this token (any more). Sign in with a valid one.');
        } else {
            main.replaceChildren(h('h1', {}, 'Dovetail did not answer'), h('p', { class: 'error' }, failure.message),
                h('p', {}, h('a', { href: location.href }, 'Try again')));
        }
    }
}

function takeNotice() {
    const notice = sessionStorage.getItem(NOTICE);
    sessionStorage.removeItem(NOTICE);
    return notice;
}

function showSignIn(problem) {
    nav.replaceChildren();
    session.replaceChildren();
    document.title = 'Sign in · Dovetail console';
    const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
        spellcheck: 'false', 'aria-describedby': 'token-help token-error' });
    const error = h('p', { id: 'token-error', class: 'field-error' }, problem ?? '');
    const form = h('form', { class: 'sign-in panel', novalidate: true },
        h('h1', {}, 'Sign in'),
        h('div', { class: 'field' },
            h('label', { for: 'token' }, 'Bearer token'),
            input,
            h('p', { id: 'token-help', class: 'help' },
                'A token from Dovetail\'s configuration (dovetail.security.tokens). In development mode Dovetail ',
                'generates an admin token at every start and logs it in the line starting ',
                h('code', {}, 'Development mode: use this admin token'), '. The console keeps it in this tab only ',
                'and shows what its role allows.'),
            error),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) {
            showProblem('Paste a bearer token.');
            return;
        }
        const api = new Api(token);
        try {
            const { viewer, traceViewerUrl } = await api.request(VIEWER);
            sessionStorage.setItem(TOKEN, token);
            run(api, viewer, traceViewerUrl);
        } catch (failure) {
            showProblem(failure.unauthorized ? 'Dovetail does not know this token.' : failure.message);
        }
    });
    function showProblem(message) {
        error.textContent = message;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
    }
    main.replaceChildren(form);
    if (problem) {
        input.setAttribute('aria-invalid', 'true');
    }
    input.focus();
}

function run(api, viewer, traceViewerUrl) {
    const feed = new TaskFeed(api);
    feed.start();
    const links = pages.filter((page) => page.nav).map((page) =>
        h('a', { href: `#/${page.path}`, dataset: { section: page.section } }, page.nav));
    nav.replaceChildren(h('ul', {}, links.map((link) => h('li', {}, link))));

    const live = h('span', { class: 'connection', role: 'status' }, 'Connecting…');
    const states = { idle: 'Connecting…', connecting: 'Connecting…', live: 'Live', offline: 'Offline, retrying…',
        refused: 'Live updates refused' };
    api.addEventListener('state', ({ detail }) => {
        live.textContent = states[detail] ?? detail;
        live.dataset.state = detail;
    });
    session.replaceChildren(live,
        h('span', { class: 'viewer' }, viewer.name, ' · ', h('strong', { dataset: { role: viewer.role } }, viewer.role)),
        h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Sign out'));

    const context = {
        api,
        viewer,
        traceViewerUrl,
        feed,
        can: (mutation) => viewer.mutations.includes(mutation),
        markSection(section) {
            for (const link of links) {
                if (link.dataset.section === section) {
                    link.setAttribute('aria-current', 'page');
                } else {
                    link.removeAttribute('aria-current');
                }
            }
        },
        showFailure(view, failure) {
            if (failure.unauthorized) {
                signOut('Dovetail no longer accepts this token. Sign in again.');
                return;
            }
            view.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, failure.message));
        },
    };
    main.replaceChildren();
    new Router(pages, main, context).start();
}

function signOut(notice) {
    sessionStorage.removeItem(TOKEN);
    if (notice) {
        sessionStorage.setItem(NOTICE, notice);
    }
    // a fresh page drops every subscription and timer of the signed-out session
    location.assign(location.pathname);
}

window.addEventListener('unhandledrejection', (event) => notify(event.reason?.message ?? String(event.reason), 'error'));
