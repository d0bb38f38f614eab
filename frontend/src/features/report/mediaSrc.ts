/**
 * Signed media URLs (answers, report downloads) work without headers, so an <audio src> or a link
 * can use them as they are. They name the server's public URL, which may not be where this page
 * was served from (a test server): keep the path and its signature, on the page's own origin.
 */
export function mediaSrc(url: string): string {
  const parsed = new URL(url, "http://placeholder.invalid");
  return parsed.pathname + parsed.search;
}
