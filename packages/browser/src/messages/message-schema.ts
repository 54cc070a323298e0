/**
 * Validation of in-context message definitions at the boundary. Hand-written rather than zod so
 * that the messages chunk stays small (zod is loaded only with the core modules that need it:
 * JSON conditions and the scorecard, see `core-bridge.ts`). Every problem is reported with its path.
 */
import type { CustomerState, RetainEvent, ValidationIssue } from '@retain/core';
import { InvalidInContextMessageError } from './errors.js';
import type { FrequencyCaps, GlobalCaps, InContextMessageDefinition, MessageContent } from './message-definition.js';
import { parseRichText, type RichParagraph } from './render/rich-text.js';
import { checkSafeUrl } from './safe-url.js';

/** @internal Where a message renders, normalised. */
export type PlacementSpec =
  | { kind: 'banner' | 'banner-bottom' | 'modal' | 'toast' }
  | { kind: 'anchor'; selector: string }
  | { kind: 'inline'; selector: string };

/** @internal A validated message, ready for the messenger. */
export interface MessageSpec {
  id: string;
  when: (state: CustomerState, event: RetainEvent | null, now: number) => boolean;
  placement: PlacementSpec;
  content: MessageContent;
  /** The body as paragraphs (plain text is one run per paragraph). */
  body: RichParagraph[];
  priority: number;
  frequency: Required<Omit<FrequencyCaps, 'perWindow'>> & Pick<FrequencyCaps, 'perWindow'>;
  holdout: number;
  validForMs: number;
  /** The scorecard score for this customer at `now`, when the definition declares its scorecard fields. */
  score: ((state: CustomerState, now: number) => number) | null;
}

type Path = readonly PropertyKey[];
type Obj = Record<string, unknown>;

const PLACEMENTS = ['banner', 'banner-bottom', 'modal', 'toast'];
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A small validator that collects every issue with its path. */
class Checker {
  readonly issues: ValidationIssue[] = [];
  fail(path: Path, message: string, code = 'invalid_value'): undefined {
    this.issues.push({ path, message, code });
    return undefined;
  }
  object(v: unknown, path: Path, keys: readonly string[], what: string): Obj | undefined {
    if (!isObject(v)) return this.fail(path, `${what} must be an object`, 'invalid_type');
    for (const k of Object.keys(v)) if (!keys.includes(k)) this.fail([...path, k], `unknown key "${k}" (expected one of ${keys.join(', ')})`, 'unrecognized_keys');
    return v;
  }
  text(o: Obj, key: string, path: Path, max: number, optional = false): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string') return this.fail([...path, key], `${key} must be a string`, 'invalid_type');
    if (v.trim() === '') return this.fail([...path, key], `${key} must not be empty`, 'too_small');
    if (v.length > max) return this.fail([...path, key], `${key} must be at most ${max} characters`, 'too_big');
    return v;
  }
  number(o: Obj, key: string, path: Path, rule: { min?: number; max?: number; int?: boolean; above?: number } = {}): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    const p = [...path, key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(p, `${key} must be a finite number`, 'invalid_type');
    if (rule.int === true && !Number.isInteger(v)) return this.fail(p, `${key} must be a whole number`, 'invalid_type');
    if (rule.min !== undefined && v < rule.min) return this.fail(p, `${key} must be ≥ ${rule.min}`, 'too_small');
    if (rule.above !== undefined && v <= rule.above) return this.fail(p, `${key} must be > ${rule.above}`, 'too_small');
    if (rule.max !== undefined && v > rule.max) return this.fail(p, `${key} must be ≤ ${rule.max}`, 'too_big');
    return v;
  }
  window(o: Obj, path: Path): { count: number; days: number } | undefined {
    if (o['perWindow'] === undefined) return undefined;
    const p = [...path, 'perWindow'];
    const w = this.object(o['perWindow'], p, ['count', 'days'], 'perWindow');
    if (w === undefined) return undefined;
    const count = this.number(w, 'count', p, { int: true, min: 0 });
    const days = this.number(w, 'days', p, { above: 0 });
    if (count === undefined || days === undefined) return this.fail(p, 'perWindow needs a count (whole number) and days (> 0)');
    return { count, days };
  }
}

/**
 * Validates an in-context message definition at the boundary and normalises it. A `when`
 * condition (not a function) and declared `score` fields are completed by `core-bridge.ts`.
 *
 * @throws {InvalidInContextMessageError} with every problem and its path.
 * @throws {UnsafeUrlError} when a link (an action's `href`, a rich-text link) is not `http(s):` or relative.
 * @internal
 */
export function parseMessageDefinition(input: unknown): MessageSpec {
  const c = new Checker();
  const d = c.object(input, [], ['id', 'when', 'placement', 'content', 'priority', 'frequency', 'holdout', 'validForMs', 'score'], 'an in-context message definition');
  if (d === undefined) throw new InvalidInContextMessageError(c.issues, input);
  const id = c.text(d, 'id', [], 100);
  const when = d['when'];
  if (typeof when !== 'function' && !isObject(when)) c.fail(['when'], 'when must be a function (state, event) => boolean, or a condition (JSON object or cond builder)', 'invalid_type');

  let placement: PlacementSpec | undefined;
  const p = d['placement'];
  if (typeof p === 'string' && PLACEMENTS.includes(p)) placement = { kind: p as 'banner' };
  else if (isObject(p) && Object.keys(p).length === 1 && (typeof p['anchor'] === 'string' || typeof p['inline'] === 'string')) {
    const kind = typeof p['anchor'] === 'string' ? 'anchor' : 'inline';
    const selector = c.text(p, kind, ['placement'], 500);
    if (selector !== undefined) placement = { kind, selector };
  } else c.fail(['placement'], "placement must be 'banner', 'banner-bottom', 'modal', 'toast', { anchor: selector } or { inline: selector }");

  const content = c.object(d['content'], ['content'], ['title', 'body', 'actions', 'closeLabel'], 'content');
  let body: RichParagraph[] = [];
  const links: Array<[string, Path]> = [];
  let rich: string | undefined;
  if (content !== undefined) {
    c.text(content, 'title', ['content'], 120);
    c.text(content, 'closeLabel', ['content'], 100, true);
    const b = content['body'];
    if (typeof b === 'string') {
      c.text(content, 'body', ['content'], 2000);
      body = plainParagraphs(b);
    } else if (isObject(b) && c.object(b, ['content', 'body'], ['rich'], 'body') !== undefined) rich = c.text(b, 'rich', ['content', 'body'], 2000);
    else if (b !== undefined) c.fail(['content', 'body'], 'body must be a string or { rich: string }', 'invalid_type');
    const actions = content['actions'];
    if (actions !== undefined && !Array.isArray(actions)) c.fail(['content', 'actions'], 'actions must be an array', 'invalid_type');
    else if (actions !== undefined && actions.length > 3) c.fail(['content', 'actions'], 'at most 3 actions', 'too_big');
    else
      (actions ?? []).forEach((a: unknown, i: number) => {
        const path = ['content', 'actions', i];
        const action = c.object(a, path, ['label', 'href', 'dismiss', 'id'], 'an action');
        if (action === undefined) return;
        c.text(action, 'label', path, 100);
        c.text(action, 'id', path, 100, true);
        const href = action['href'];
        if (href !== undefined && typeof href !== 'string') c.fail([...path, 'href'], 'href must be a string', 'invalid_type');
        if (typeof href === 'string') links.push([href, [...path, 'href']]);
        if (action['dismiss'] !== undefined && typeof action['dismiss'] !== 'boolean') c.fail([...path, 'dismiss'], 'dismiss must be true or false', 'invalid_type');
        if (href !== undefined && action['dismiss'] === true) c.fail(path, 'an action is either a link (href) or a dismissal, not both', 'custom');
      });
  }

  const priority = c.number(d, 'priority', []);
  const holdout = c.number(d, 'holdout', [], { min: 0, max: 1 });
  const validForMs = c.number(d, 'validForMs', [], { min: 0 });
  let frequency: MessageSpec['frequency'] = { perSession: 1, maxDismissals: 2, afterDismissDays: 1 };
  if (d['frequency'] !== undefined) {
    const f = c.object(d['frequency'], ['frequency'], ['perSession', 'perWindow', 'maxDismissals', 'afterDismissDays'], 'frequency');
    if (f !== undefined) {
      const perWindow = c.window(f, ['frequency']);
      frequency = {
        perSession: c.number(f, 'perSession', ['frequency'], { int: true, min: 0 }) ?? 1,
        maxDismissals: c.number(f, 'maxDismissals', ['frequency'], { int: true, min: 1 }) ?? 2,
        afterDismissDays: c.number(f, 'afterDismissDays', ['frequency'], { min: 0 }) ?? 1,
        ...(perWindow === undefined ? {} : { perWindow }),
      };
    }
  }
  if (d['score'] !== undefined && !isObject(d['score'])) c.fail(['score'], 'score must be an object of scorecard fields ({ value, effort?, relevance?, relevantTo? })', 'invalid_type');

  if (c.issues.length > 0 || id === undefined || placement === undefined || content === undefined) throw new InvalidInContextMessageError(c.issues, input);
  for (const [url, path] of links) checkSafeUrl(url, path);
  if (rich !== undefined) body = parseRichText(rich, ['content', 'body']);
  return {
    id,
    when: typeof when === 'function' ? (when as MessageSpec['when']) : () => false,
    placement,
    content: content as unknown as MessageContent,
    body,
    priority: priority ?? 0,
    frequency,
    holdout: holdout ?? 0,
    validForMs: validForMs ?? 300_000,
    score: null,
  };
}

/**
 * Validates the global caps of a messenger.
 *
 * @throws {InvalidInContextMessageError} with every problem and its path (under `caps`).
 * @internal
 */
export function parseGlobalCaps(input: unknown): GlobalCaps {
  const c = new Checker();
  const o = c.object(input, ['caps'], ['perSession', 'perWindow'], 'caps');
  const perSession = o === undefined ? undefined : c.number(o, 'perSession', ['caps'], { int: true, min: 0 });
  const perWindow = o === undefined ? undefined : c.window(o, ['caps']);
  if (c.issues.length > 0) throw new InvalidInContextMessageError(c.issues, input);
  return { ...(perSession === undefined ? {} : { perSession }), ...(perWindow === undefined ? {} : { perWindow }) };
}

/** @internal Whether a definition needs the core modules (JSON condition, declared score). */
export const needsCore = (definition: InContextMessageDefinition): boolean => typeof definition.when !== 'function' || definition.score !== undefined;

function plainParagraphs(body: string): RichParagraph[] {
  return body
    .split(/\n[ \t]*\n+/)
    .filter((p) => p.trim() !== '')
    .map((p) => [{ kind: 'text', text: p }]);
}
