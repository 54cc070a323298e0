/**
 * @internal Responses whose body is a known string (the ingest handler's JSON answers), so that
 * `toNodeListener` writes them with one `res.end(text)` and a `Content-Length` instead of reading
 * the body back through a stream and sending it chunked. Any other response streams as before.
 */
const texts = new WeakMap<Response, string>();

/** A `Response` of `text`, remembered as such. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  texts.set(response, text);
  return response;
}

/** The text of a response made by {@link textResponse} whose body nobody has read yet; else undefined. */
export function knownText(response: Response): string | undefined {
  const text = texts.get(response);
  return text === undefined || response.bodyUsed ? undefined : text;
}
