/** A real urql client whose fetch is a fake server, for component tests: what was sent, what comes back. */
import type { ReactNode } from "react";
import { Client, Provider, cacheExchange, fetchExchange } from "urql";

export interface Sent {
  query: string;
  variables: Record<string, unknown>;
}

export function fakeServer(reply: (sent: Sent) => unknown): { sent: Sent[]; wrapper: (props: { children: ReactNode }) => ReactNode } {
  const sent: Sent[] = [];
  const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Sent;
    sent.push(body);
    return new Response(JSON.stringify(reply(body)), { headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  const client = new Client({ url: "http://test.invalid/graphql", exchanges: [cacheExchange, fetchExchange], fetch: fetchImpl });
  return { sent, wrapper: ({ children }) => <Provider value={client}>{children}</Provider> };
}

export function graphqlError(code: string, message: string, extensions: Record<string, unknown> = {}): unknown {
  return { data: null, errors: [{ message, extensions: { code, ...extensions } }] };
}
