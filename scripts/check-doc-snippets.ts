/**
 * Type-checks every ```ts block of the guides (`docs/**\/*.md`, `README.md`) against the
 * packages' source, with the repository's compiler settings, and checks their relative links,
 * so that the docs cannot rot.
 *
 * Each block becomes its own module (in memory, beside the repository so that `@retain/*`
 * resolve through the `@retain/source` condition) and the whole set is compiled in one
 * program. A failure names the Markdown file and line.
 *
 * Usage: `node --conditions=@retain/source --import tsx scripts/check-doc-snippets.ts [file.md…]`
 * With `--tsdoc`, checks the `@example` blocks of the packages' TSDoc instead (or of the `.ts`
 * files given).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One ```ts block of a Markdown file. */
export interface DocSnippet {
  /** The Markdown file. */
  file: string;
  /** 1-based line of the first code line (the line after the opening fence). */
  line: number;
  code: string;
}

/** A compiler error in a snippet, located in the Markdown file. */
export interface SnippetFailure {
  file: string;
  line: number;
  message: string;
}

/** What {@link checkDocSnippets} found. */
export interface SnippetReport {
  files: number;
  snippets: number;
  failures: SnippetFailure[];
}

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/** The ```ts (and ```typescript) blocks of one Markdown text. Other languages are ignored. */
export function extractSnippets(markdown: string, file: string): DocSnippet[] {
  const lines = markdown.split(/\r?\n/);
  const out: DocSnippet[] = [];
  let open: { fence: string; lang: string; start: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const match = FENCE.exec(text);
    if (open === undefined) {
      if (match !== null) open = { fence: match[2] ?? '```', lang: (match[3] ?? '').toLowerCase(), start: i + 2, body: [] };
      return;
    }
    if (match !== null && (match[2] ?? '').startsWith(open.fence[0] ?? '`') && (match[2] ?? '').length >= open.fence.length && (match[3] ?? '') === '') {
      if (open.lang === 'ts' || open.lang === 'typescript') out.push({ file, line: open.start, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(text);
  });
  return out;
}

/**
 * The ```ts blocks of the `@example` tags in a TypeScript source (TSDoc comments), with the
 * leading ` * ` removed and the line of their first code line in that source.
 *
 * @example
 * ```ts
 * import { extractTsdocExamples } from './check-doc-snippets.js';
 * extractTsdocExamples('/**\n * @example\n * ```ts\n * const a = 1;\n * ```\n *\/', 'a.ts')[0]?.line; // 4
 * ```
 */
export function extractTsdocExamples(source: string, file: string): DocSnippet[] {
  const lines = source.split(/\r?\n/);
  const out: DocSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j] ?? ''); j++) body.push((lines[j] ?? '').replace(/^\s*\* ?/, ''));
    out.push({ file, line: i + 2, code: body.join('\n') });
    i = j;
  }
  return out;
}

/** The TypeScript sources of the packages (tests excluded), for `--tsdoc`. */
export function defaultSourceFiles(root: string = REPO): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const pkg of ['core', 'browser', 'node']) walk(join(root, 'packages', pkg, 'src'));
  return files.sort();
}

/** The Markdown files checked by default: `README.md` and `docs/**\/*.md` (not the generated `docs/api`). */
export function defaultDocFiles(root: string = REPO): string[] {
  const files = [join(root, 'README.md')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || path === join(root, 'docs', 'api')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  try {
    walk(join(root, 'docs'));
  } catch {
    // no docs folder
  }
  return files.sort();
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  return { ...parsed.options, noEmit: true, customConditions: ['@retain/source'], types: ['node'], moduleDetection: ts.ModuleDetectionKind.Force };
}

/**
 * Extracts and type-checks the snippets of `files`.
 *
 * @example
 * ```ts
 * import { checkDocSnippets } from './check-doc-snippets.js';
 * const report = checkDocSnippets();
 * for (const f of report.failures) console.error(`${f.file}:${f.line}: ${f.message}`);
 * ```
 */
export function checkDocSnippets(options: { root?: string; files?: readonly string[] } = {}): SnippetReport {
  const root = options.root ?? REPO;
  const files = options.files ?? defaultDocFiles(root);
  const snippets = files.flatMap((file) => (file.endsWith('.ts') ? extractTsdocExamples : extractSnippets)(readFileSync(file, 'utf8'), file));
  // Virtual modules beside the repository, so that node_modules and the workspace links resolve.
  const virtual = new Map<string, DocSnippet>();
  snippets.forEach((snippet, i) => virtual.set(join(root, '.doc-snippets', `snippet-${i}.ts`), snippet));

  const options_ = compilerOptions(root);
  const host = ts.createCompilerHost(options_, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(resolve(name)) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(resolve(name))?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError, create) => {
    const snippet = virtual.get(resolve(name));
    return snippet !== undefined ? ts.createSourceFile(name, snippet.code, language, true) : getSourceFile.call(host, name, language, onError, create);
  };
  const program = ts.createProgram([...virtual.keys()], options_, host);

  const failures: SnippetFailure[] = [];
  for (const [name, snippet] of virtual) {
    const source = program.getSourceFile(name);
    if (source === undefined) continue;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const offset = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      failures.push({ file: relative(root, snippet.file) || snippet.file, line: snippet.line + offset, message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}` });
    }
  }
  return { files: files.length, snippets: snippets.length, failures };
}

/**
 * Relative links of the Markdown files (`[text](../path.md#anchor)`) whose target file does not
 * exist. External links (`http:`, `https:`, `mailto:`), site-absolute paths (`/cart`) and pure
 * anchors are not checked; nor is anything inside code (fenced blocks, inline code).
 *
 * @example
 * ```ts
 * import { checkDocLinks, defaultDocFiles } from './check-doc-snippets.js';
 * const broken = checkDocLinks(defaultDocFiles());
 * ```
 */
export function checkDocLinks(files: readonly string[], root: string = REPO): SnippetFailure[] {
  const failures: SnippetFailure[] = [];
  for (const file of files) {
    let fenced = false;
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, i) => {
        if (FENCE.test(text)) fenced = !fenced;
        if (fenced) return;
        // Inline code (`[x](y)` as an example) is not a link.
        for (const match of text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = match[1] ?? '';
          if (/^([a-z]+:|#|\/)/i.test(target)) continue;
          const path = resolve(dirname(file), decodeURI(target.split('#')[0] ?? ''));
          if (!existsSync(path)) failures.push({ file: relative(root, file) || file, line: i + 1, message: `broken link: ${target}` });
        }
      });
  }
  return failures;
}

/** Formats failures as `file:line: message`, one per line. */
export function formatFailures(failures: readonly SnippetFailure[]): string {
  return failures.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tsdoc = process.argv.includes('--tsdoc');
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((f) => resolve(f));
  const files = args.length > 0 ? args : tsdoc ? defaultSourceFiles() : defaultDocFiles();
  const report = checkDocSnippets({ files });
  const links = checkDocLinks(files.filter((f) => f.endsWith('.md')));
  if (report.failures.length > 0 || links.length > 0) {
    console.error(formatFailures([...report.failures, ...links]));
    console.error(`\n${report.failures.length} error(s) in the ts blocks (${report.snippets} blocks in ${report.files} files), ${links.length} broken link(s).`);
    process.exit(1);
  }
  console.log(`${report.snippets} ts blocks in ${report.files} files type-check; every relative link resolves.`);
}
