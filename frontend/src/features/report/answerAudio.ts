/**
 * The candidate's own recording of an answer, fetched with the bearer token (an <audio src> can't
 * send one) and handed to the player as a Blob.
 */

/**
 * The URL to fetch: audioUrl names the server's public URL, which may not be where this page was
 * served from (a dev server, a test server), so keep only the path; the page's origin serves the API.
 */
export function answerAudioPath(audioUrl: string): string {
  const url = new URL(audioUrl, "http://placeholder.invalid");
  return url.pathname + url.search;
}

export async function fetchAnswerAudio(audioUrl: string, headers: Record<string, string>, fetchImpl: typeof fetch = fetch): Promise<Blob> {
  const response = await fetchImpl(answerAudioPath(audioUrl), { headers });
  if (!response.ok) throw new Error(`answer audio: HTTP ${response.status}`);
  return response.blob();
}
