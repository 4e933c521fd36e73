// Shared rule for every outbound HTTP request Tocsin makes (webhooks, the HTTP notification provider,
// the SNS SubscribeURL confirmation): only the status matters, so no more than a small prefix of an
// answer's body is ever read. A receiver that answers with 200 MB, or with a body that never ends,
// costs at most this much and is recorded by its status, not cut off at the timeout.

/** At most this many bytes of an outbound response body are read; the rest is cancelled. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Reads and discards a response body (a Node response or a fetch body: both are async iterables),
 * stopping after `max` bytes; leaving the loop early destroys (Node) or cancels (fetch) the stream,
 * which closes its connection instead of reading the rest.
 */
export async function discardBody(
  body: AsyncIterable<Uint8Array | string> | null | undefined,
  max = MAX_RESPONSE_BYTES,
): Promise<{ bytes: number; truncated: boolean }> {
  let bytes = 0;
  if (!body) return { bytes, truncated: false };
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes >= max) return { bytes, truncated: true };
  }
  return { bytes, truncated: false };
}
