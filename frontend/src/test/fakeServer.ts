/**
 * A GraphQL server for hook tests, spoken to through urql's own transports: queries and mutations
 * arrive as HTTP requests (multipart when they carry a file) at a fake `fetch`, subscriptions through
 * the subscription exchange. Tests script the answers and read what was sent.
 */
import { Client, fetchExchange, subscriptionExchange } from "urql";

export interface SentOperation {
  operationName: string;
  variables: Record<string, unknown>;
  /** Names of the files sent with a multipart request. */
  files: string[];
}

export interface GraphQLReply {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

type Answer = (operation: SentOperation) => GraphQLReply | Promise<GraphQLReply>;
type Sink = { next: (value: GraphQLReply) => void; error: (error: unknown) => void; complete: () => void };

export interface FakeServer {
  client: Client;
  sent: SentOperation[];
  /** How many subscriptions are open now, and how many were ever opened. */
  subscriptions: () => { open: number; opened: number };
  /** Sends one result to every open subscription. */
  publish: (reply: GraphQLReply) => void;
}

function readBody(body: unknown): SentOperation {
  if (body instanceof FormData) {
    const operations = JSON.parse(String(body.get("operations"))) as { operationName: string; variables: Record<string, unknown> };
    const files: string[] = [];
    body.forEach((value, key) => {
      if (key !== "operations" && key !== "map" && typeof value !== "string") files.push(value.name);
    });
    return { operationName: operations.operationName, variables: operations.variables, files };
  }
  const parsed = JSON.parse(String(body)) as { operationName: string; variables: Record<string, unknown> };
  return { operationName: parsed.operationName, variables: parsed.variables ?? {}, files: [] };
}

export function fakeServer(answer: Answer = () => ({ data: null })): FakeServer {
  const sent: SentOperation[] = [];
  const sinks = new Set<Sink>();
  let opened = 0;
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const operation = readBody(init?.body);
    sent.push(operation);
    const reply = await answer(operation);
    return new Response(JSON.stringify(reply), { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new Client({
    url: "http://interview.test/graphql",
    fetch,
    requestPolicy: "network-only",
    exchanges: [
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe(sink) {
            sent.push({ operationName: request.operationName ?? "", variables: (request.variables ?? {}) as Record<string, unknown>, files: [] });
            const s = sink as Sink;
            sinks.add(s);
            opened += 1;
            return { unsubscribe: () => void sinks.delete(s) };
          },
        }),
      }),
      fetchExchange,
    ],
  });
  return {
    client,
    sent,
    subscriptions: () => ({ open: sinks.size, opened }),
    publish: (reply) => {
      for (const sink of [...sinks]) sink.next(reply);
    },
  };
}
