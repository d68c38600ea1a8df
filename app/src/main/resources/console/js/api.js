import { createClient } from './vendor.js';

/** A refusal or fault from the API, with the HTTP status and GraphQL classification when there is one. */
export class ApiError extends Error {
    constructor(message, { status = null, classification = null } = {}) {
        super(message);
        this.status = status;
        this.classification = classification;
    }

    get unauthorized() {
        return this.status === 401 || this.classification === 'UNAUTHORIZED';
    }
}

const endpoint = new URL('../graphql', document.baseURI);

/**
 * Dovetail's public GraphQL API and nothing else: queries and mutations over HTTP, subscriptions over one
 * WebSocket (graphql-transport-ws). The bearer token goes in the Authorization header over HTTP and in the
 * connection_init payload over WebSocket, since browsers cannot set headers on a WebSocket.
 */
export class Api extends EventTarget {
    constructor(token) {
        super();
        this.token = token;
        this.client = null;
        this.state = 'idle';
    }

    async request(query, variables = {}) {
        let response;
        try {
            response = await fetch(endpoint, {
                method: 'POST',
                headers: {
                    'Content-Type': 'application/json',
                    'Accept': 'application/json',
                    'Authorization': `Bearer ${this.token}`,
                },
                body: JSON.stringify({ query, variables }),
            });
        } catch (failure) {
            throw new ApiError(`Dovetail did not answer (${failure.message})`, { classification: 'NETWORK' });
        }
        let body = null;
        try {
            body = await response.json();
        } catch {
            // a proxy's error page, say: the status tells enough
        }
        const error = body?.errors?.[0];
        if (!response.ok || error) {
            throw new ApiError(error?.message ?? `Dovetail answered HTTP ${response.status}`,
                { status: response.status, classification: error?.extensions?.classification ?? null });
        }
        return body.data;
    }

    /** Calls onData with each result's data; answers a function that ends the subscription. */
    subscribe(query, variables, onData, onError = () => {}) {
        return this.socket().subscribe({ query, variables }, {
            next: (result) => result.errors?.length
                ? onError(new ApiError(result.errors[0].message,
                    { classification: result.errors[0].extensions?.classification }))
                : onData(result.data),
            error: (failure) => onError(failure instanceof Error ? failure
                : new ApiError(failure?.reason || failure?.[0]?.message || 'The live connection failed')),
            complete: () => {},
        });
    }

    socket() {
        if (!this.client) {
            const url = new URL(endpoint);
            url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
            this.client = createClient({
                url: url.href,
                connectionParams: { Authorization: `Bearer ${this.token}` },
                lazy: true,
                keepAlive: 15000,
                retryAttempts: Number.MAX_SAFE_INTEGER,
                on: {
                    connecting: () => this.setState('connecting'),
                    connected: () => this.setState('live'),
                    closed: (event) => this.setState(event?.code === 4401 ? 'refused' : 'offline'),
                },
            });
        }
        return this.client;
    }

    setState(state) {
        this.state = state;
        this.dispatchEvent(new CustomEvent('state', { detail: state }));
    }

    close() {
        this.client?.dispose();
        this.client = null;
    }
}
