// The graphql-ws Node client (outside any browser) against a running server.
// Usage: node graphql_ws_client.mjs WS_URL HTTP_URL TOKEN SESSION_ID
// Prints one JSON object: what each scenario saw. test_graphql_ws_node.py judges it.
import { createRequire } from 'node:module';

// The SPA's install holds graphql-ws and ws; this script is not inside frontend/, so resolve there.
const require = createRequire(new URL('../../frontend/package.json', import.meta.url));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [wsUrl, httpUrl, token, sessionId] = process.argv.slice(2);
const EVENTS = `subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename sessionId ... on SessionStatusChanged { status } } }`;

function client(authorization, closed) {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => closed?.push(event.code) },
  });
}

async function cancel() {
  const response = await fetch(`${httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($id: ID!) { cancelInterview(sessionId: $id) { status } }',
      variables: { id: sessionId },
    }),
  });
  return (await response.json()).data.cancelInterview.status;
}

async function subscription(authorization, id, onFirst) {
  const seen = { events: [], errors: null, completed: false, closed: [] };
  const ws = client(authorization, seen.closed);
  try {
    const events = ws.iterate({ query: EVENTS, variables: { id } });
    for await (const result of events) {
      if (result.errors) {
        seen.errors = result.errors.map((e) => e.extensions?.code);
        continue;
      }
      seen.events.push(result.data.interviewEvents);
      if (seen.events.length === 1 && onFirst) await onFirst();
    }
    seen.completed = true;
  } catch (error) {
    // graphql-ws rejects with the error list, or with the CloseEvent of a closed socket.
    if (Array.isArray(error)) seen.errors = error.map((e) => e.extensions?.code);
    else seen.failure = { code: error?.code ?? null, reason: error?.reason ?? String(error) };
  } finally {
    await ws.dispose();
  }
  return seen;
}

const withTimeout = (promise, ms) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

const report = {};
report.owner = await withTimeout(subscription(`Bearer ${token}`, sessionId, cancel), 30000);
report.unknownSession = await withTimeout(
  subscription(`Bearer ${token}`, '00000000-0000-0000-0000-000000000000'),
  30000,
);
report.badToken = await withTimeout(subscription('Bearer not-a-token', sessionId), 30000);
console.log(JSON.stringify(report));
process.exit(0);
