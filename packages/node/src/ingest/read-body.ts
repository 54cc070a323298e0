import { MalformedBatchError } from './malformed-batch-error.js';
import { PayloadTooLargeError } from './payload-too-large-error.js';

/**
 * @internal Reads a request body as UTF-8 text, stopping as soon as it exceeds `limit` bytes
 * (a declared `Content-Length` above the limit is refused before reading anything). A
 * `Content-Encoding: gzip` (or `deflate`) body is decompressed as it streams, and the limit
 * applies to the decompressed bytes too, so a small compressed bomb is cut off early.
 *
 * @throws {PayloadTooLargeError} when the body is larger than `limit`.
 * @throws {MalformedBatchError} for another content encoding, or a corrupt compressed body.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw new PayloadTooLargeError(limit);
  }
  if (request.body === null) return '';
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate') {
    await request.body.cancel().catch(() => undefined);
    throw new MalformedBatchError(`unsupported Content-Encoding "${encoding}" (send identity, gzip or deflate)`, []);
  }
  const body = encoding === 'identity' ? request.body : request.body.pipeThrough(new DecompressionStream(encoding));
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new MalformedBatchError(`the ${encoding} body could not be decompressed (${error instanceof Error ? error.message : String(error)})`, []);
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
