/**
 * Core runs unchanged in browsers, Node and workers: its source never mentions the DOM
 * (`window`, `document`…) nor Node (`process`, `Buffer`, `node:` and built-in modules).
 * Checked on the syntax tree, so comments and strings do not count.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../packages/core/src/', import.meta.url));
const FORBIDDEN_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global']);
const builtins = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Mentions of forbidden globals (as free identifiers) and of Node built-in modules in a file. */
export function platformMentions(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('node:') || builtins.has(spec)) found.push(`imports ${spec}`);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push('dynamic import()');
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || ts.isPropertySignature(parent);
      if (!isPropertyName) found.push(`uses ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('core is platform-neutral', () => {
  it('no source file of @retain/core mentions the DOM or Node', () => {
    const offenders = sourceFiles(srcDir).flatMap((path) => platformMentions(path, readFileSync(path, 'utf8')).map((m) => `${relative(srcDir, path)}: ${m}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds what it looks for (and ignores comments, strings and property names)', () => {
    expect(platformMentions('a.ts', "import { readFileSync } from 'node:fs';\nimport path from 'path';\nconst w = window.innerWidth;\ndocument.title = 'x';")).toEqual([
      'imports node:fs',
      'imports path',
      'uses window',
      'uses document',
    ]);
    expect(platformMentions('b.ts', "// window and document\nconst s = 'process';\nconst o = { document: 1 };\no.document;")).toEqual([]);
  });
});
