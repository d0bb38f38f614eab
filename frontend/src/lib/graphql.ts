/**
 * The one GraphQL client of the app: queries and mutations over HTTP (multipart when a variable
 * holds a File or Blob, per the GraphQL multipart request spec), subscriptions over graphql-ws.
 * The bearer token is read on every request and every (re)connection.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { createClient as createWsClient } from "graphql-ws";
import { bearer, readToken, writeToken } from "./session-token";

type Listener = () => void;
const reconnectListeners = new Set<Listener>();

/** Called after the websocket comes back from a drop, so pages can catch up on missed events. */
export function onReconnect(listener: Listener): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/graphql`;
}

let connectedOnce = false;

export const wsClient = createWsClient({
  url: websocketUrl,
  connectionParams: () => bearer(),
  lazy: true,
  // Keep trying: a laptop that sleeps or a flaky train connection should heal by itself. A socket
  // closed with 4403 had a missing or bad token, and trying again with the same one won't help.
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: (closeOrError) => !(typeof closeOrError === "object" && closeOrError !== null && "code" in closeOrError && closeOrError.code === 4403),
  retryWait: async (retries) => {
    const ms = Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 300;
    await new Promise((resolve) => setTimeout(resolve, ms));
  },
  on: {
    connected: () => {
      if (connectedOnce) for (const listener of reconnectListeners) listener();
      connectedOnce = true;
    },
  },
});

export const client = new Client({
  url: "/graphql",
  exchanges: [
    // A token the server stopped accepting (expired, revoked) signs the candidate out, and the
    // router sends them to the sign-in page with a way back.
    mapExchange({
      onError(error) {
        if (readToken() && error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) writeToken(null);
      },
    }),
    cacheExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? "" };
        return {
          subscribe(sink) {
            const unsubscribe = wsClient.subscribe(input, sink);
            return { unsubscribe };
          },
        };
      },
    }),
    fetchExchange,
  ],
  fetchOptions: () => ({ headers: bearer() }),
  requestPolicy: "cache-and-network",
});

/**
 * For fire-and-forget uploads whose results must not invalidate cached queries: each live recorder
 * chunk returns LiveMetrics, and through the document cache that would refetch the whole session
 * once a second while the candidate speaks.
 */
export const uncachedClient = new Client({
  url: "/graphql",
  exchanges: [fetchExchange],
  fetchOptions: () => ({ headers: bearer() }),
  preferGetMethod: false,
});
