import { describe, expect, it } from 'vitest';
import type { Retain } from '../create-retain.js';
import { isSnippetStub, replaySnippet, SNIPPET_METHODS, type SnippetStub } from './replay-snippet.js';

/** A stub as the snippet makes it (same code, minus the script element). */
function snippetStub(options: object): SnippetStub {
  const r = { q: [], o: options } as unknown as SnippetStub;
  for (const m of SNIPPET_METHODS) r[m] = (...a: unknown[]) => new Promise((ok, ko) => r.q.push([m, a, ok, ko]));
  return r;
}

describe('replaySnippet', () => {
  it('creates the client with the snippet options and replays the calls in order, settling each promise', async () => {
    const calls: string[] = [];
    const fake = {
      identify: (id: string) => calls.push(`identify ${id}`),
      track: (name: string) => {
        if (name === '') throw new TypeError('bad name');
        calls.push(`track ${name}`);
      },
      page: () => calls.push('page'),
      flush: async () => 'flushed',
    };
    const stub = snippetStub({ endpoint: '/v1/batch' });
    const call = (m: string, ...a: unknown[]) => (stub[m] as (...x: unknown[]) => Promise<unknown>)(...a);
    const page = call('page');
    call('identify', 'u1');
    const bad = call('track', '');
    call('track', 'Signed Up');
    const flushed = call('flush');
    let options: unknown;
    const retain = replaySnippet(stub, (o) => {
      options = o;
      return fake as unknown as Retain;
    });
    expect(retain).toBe(fake);
    expect(options).toEqual({ endpoint: '/v1/batch' });
    expect(calls).toEqual(['page', 'identify u1', 'track Signed Up']);
    await expect(page).resolves.toBe(1);
    await expect(bad).rejects.toThrow('bad name');
    await expect(flushed).resolves.toBe('flushed');
    // a reference kept to the stub now reaches the client
    call('track', 'Later');
    expect(calls.at(-1)).toBe('track Later');
    expect(stub.q).toEqual([]);
  });

  it('tells the stub from a client or anything else', () => {
    expect(isSnippetStub(snippetStub({ endpoint: '/b' }))).toBe(true);
    expect(isSnippetStub({ track() {} })).toBe(false);
    expect(isSnippetStub(undefined)).toBe(false);
    expect(isSnippetStub({ q: [] })).toBe(false);
  });
});
