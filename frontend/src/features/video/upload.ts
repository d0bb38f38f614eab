import { problemFrom, type AppProblem } from "../../lib/errors";
import { bearer } from "../../lib/session-token";

/**
 * The answer video's own HTTP route (not GraphQL: a chunk is a raw body, a few hundred KB a second).
 * Same bearer token as every request; errors come back as GraphQL-style errors with a contract code.
 */
const base = (sessionId: string, sequenceNumber: number) =>
  `/uploads/video/${encodeURIComponent(sessionId)}/${sequenceNumber}`;

async function problemOfResponse(response: Response): Promise<AppProblem> {
  try {
    const body = (await response.json()) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
    const error = body.errors?.[0];
    return problemFrom(error?.extensions?.code ?? "INTERNAL", error?.message, error?.extensions ?? {});
  } catch {
    return problemFrom(response.status === 413 ? "PAYLOAD_TOO_LARGE" : "INTERNAL");
  }
}

/** Sends one recorder chunk; null when it was stored, else what went wrong. */
export async function putVideoChunk(sessionId: string, sequenceNumber: number, chunkIndex: number, chunk: Blob): Promise<AppProblem | null> {
  try {
    const response = await fetch(`${base(sessionId, sequenceNumber)}/chunks/${chunkIndex}`, {
      method: "PUT",
      headers: { ...bearer(), "content-type": "application/octet-stream" },
      body: chunk,
    });
    return response.ok ? null : await problemOfResponse(response);
  } catch {
    return problemFrom("INTERNAL", "The video could not be uploaded: check your connection.");
  }
}

/** Asks the server to check and publish the recording whose chunks it has. */
export async function finishVideo(sessionId: string, sequenceNumber: number): Promise<AppProblem | null> {
  try {
    const response = await fetch(`${base(sessionId, sequenceNumber)}/finish`, { method: "POST", headers: bearer() });
    return response.ok ? null : await problemOfResponse(response);
  } catch {
    return problemFrom("INTERNAL", "The video could not be saved: check your connection.");
  }
}
