/**
 * Every ```ts block in `docs/**\/*.md` and `README.md` type-checks (so `npm test` covers the docs).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocLinks, checkDocSnippets, defaultDocFiles, extractSnippets, extractTsdocExamples, formatFailures } from '../scripts/check-doc-snippets.js';

describe('doc snippets', () => {
  it('extracts ts blocks with the line of their first code line, and ignores other languages', () => {
    const md = ['# T', '', '```ts', 'const a = 1;', '```', '', '```sh', 'npm test', '```', '````typescript', 'let b = 2;', '````'].join('\n');
    expect(extractSnippets(md, 'x.md')).toEqual([
      { file: 'x.md', line: 4, code: 'const a = 1;' },
      { file: 'x.md', line: 11, code: 'let b = 2;' },
    ]);
  });

  it('extracts the ts blocks of TSDoc @example tags, with their source line', () => {
    const source = ['/**', ' * Adds.', ' * @example', ' * ```ts', " * import { x } from './x.js';", ' * x(1);', ' * ```', ' */', 'export const y = 1;'].join('\n');
    expect(extractTsdocExamples(source, 'y.ts')).toEqual([{ file: 'y.ts', line: 5, code: "import { x } from './x.js';\nx(1);" }]);
  });

  it('reports a broken block with its Markdown file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retain-snippets-'));
    const file = join(dir, 'broken.md');
    writeFileSync(
      file,
      ['# Broken', '', '```ts', "import { createCustomerState } from '@retain/core';", 'const s = createCustomerState(42);', '```', '', '```ts', "import { createIngestHandler } from '@retain/node';", "createIngestHandler({ writeKeys: ['k'] });", '```'].join('\n'),
    );
    const report = checkDocSnippets({ files: [file] });
    expect(report.snippets).toBe(2);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]?.file).toMatch(/broken\.md$/);
    expect(report.failures[0]?.line).toBe(5);
    expect(report.failures[0]?.message).toMatch(/TS2345/);
  }, 120_000);

  it('every ts block of the guides and the README type-checks', () => {
    const report = checkDocSnippets();
    expect(report.files).toBeGreaterThan(1);
    expect(formatFailures(report.failures)).toBe('');
  }, 180_000);

  it('finds broken relative links, outside code blocks only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retain-links-'));
    writeFileSync(join(dir, 'there.md'), '# There');
    const file = join(dir, 'links.md');
    writeFileSync(file, ['[ok](there.md#top) [web](https://example.com) [anchor](#x) [site](/cart) `[code](nope.md)`', '', '```sh', 'echo [no](missing.md)', '```', '[broken](nowhere.md)'].join('\n'));
    expect(checkDocLinks([file]).map((f) => [f.line, f.message])).toEqual([[6, 'broken link: nowhere.md']]);
  });

  it('every relative link of the guides and the README resolves', () => {
    expect(formatFailures(checkDocLinks(defaultDocFiles()))).toBe('');
  });
});
