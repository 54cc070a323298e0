import { checkSafeUrl } from '../safe-url.js';

/** One run of rich text: plain, bold, emphasis, a line break or a link. */
export type RichInline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'br' }
  | { kind: 'link'; text: string; href: string };

/** A paragraph of rich text. */
export type RichParagraph = RichInline[];

const TOKEN = /\*\*([^*\n]+)\*\*|_([^_\n]+)_|\[([^\]\n]+)\]\(([^)\s]+)\)|\n/g;

/**
 * The allow-list sanitizer of rich text. Parses the small markup of {@link RichText} into
 * paragraphs of runs; anything that is not `**bold**`, `_emphasis_`, `[text](url)`, a line break or
 * a blank line (paragraph) stays literal text — HTML included. Link URLs are checked.
 *
 * @param source The rich text.
 * @param path Where it sits in the definition (for {@link UnsafeUrlError}).
 * @throws {UnsafeUrlError} when a link is not `http(s):` or relative.
 * @internal
 */
export function parseRichText(source: string, path: readonly PropertyKey[]): RichParagraph[] {
  const paragraphs: RichParagraph[] = [];
  for (const block of source.split(/\n[ \t]*\n+/)) {
    const text = block.replace(/^\n+|\n+$/g, '');
    if (text === '') continue;
    const runs: RichParagraph = [];
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (m.index > last) runs.push({ kind: 'text', text: text.slice(last, m.index) });
      last = m.index + m[0].length;
      if (m[1] !== undefined) runs.push({ kind: 'strong', text: m[1] });
      else if (m[2] !== undefined) runs.push({ kind: 'em', text: m[2] });
      else if (m[3] !== undefined && m[4] !== undefined) runs.push({ kind: 'link', text: m[3], href: checkSafeUrl(m[4], [...path, 'rich']) });
      else runs.push({ kind: 'br' });
    }
    if (last < text.length) runs.push({ kind: 'text', text: text.slice(last) });
    paragraphs.push(runs);
  }
  return paragraphs;
}
