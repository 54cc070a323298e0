import { compileCondition, InvalidConditionError, MessageSchema, scoreMessage, type ConditionInput, type CustomerState, type Message, type RetainEvent, type ValidationIssue } from '@retain/core';
import * as z from 'zod/mini';
import { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
import type { FrequencyCaps, GlobalCaps, InContextMessageDefinition, MessageAction, MessageContent } from './message-definition.js';
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
  /** The message's score against the customer's state at `now`. */
  score(state: CustomerState, now: number): number;
}

const text = (what: string, max: number) =>
  z.string({ error: `${what} must be a string` }).check(z.minLength(1, `${what} must not be empty`), z.maxLength(max, `${what} must be at most ${max} characters`));
const count = (what: string) => z.int({ error: `${what} must be a whole number` }).check(z.gte(0, `${what} must be ≥ 0`));
const selector = z.string().check(z.minLength(1, 'selector must not be empty'));
const windowCap = z.strictObject({ count: count('perWindow.count'), days: z.number().check(z.gt(0, 'perWindow.days must be > 0')) });

const ActionSchema = z.strictObject({
  label: text('label', 60),
  href: z.optional(z.string()),
  dismiss: z.optional(z.boolean()),
  id: z.optional(text('id', 100)),
});

const DefinitionSchema = z.strictObject({
  id: text('id', 100),
  when: z.custom<InContextMessageDefinition['when']>(
    (v) => typeof v === 'function' || (typeof v === 'object' && v !== null),
    'when must be a function (state, event) => boolean or a condition (JSON object or cond builder)',
  ),
  placement: z.union(
    [
      z.enum(['banner', 'banner-bottom', 'modal', 'toast']),
      z.strictObject({ anchor: selector }),
      z.strictObject({ inline: selector }),
    ],
    { error: "placement must be 'banner', 'banner-bottom', 'modal', 'toast', { anchor: selector } or { inline: selector }" },
  ),
  content: z.strictObject({
    title: text('title', 120),
    body: z.optional(z.union([text('body', 2000), z.strictObject({ rich: text('rich body', 2000) })])),
    actions: z.optional(z.array(ActionSchema).check(z.maxLength(3, 'at most 3 actions'))),
    closeLabel: z.optional(text('closeLabel', 60)),
  }),
  priority: z.optional(z.number().check(z.refine(Number.isFinite, 'priority must be a finite number'))),
  frequency: z.optional(
    z.strictObject({
      perSession: z.optional(count('perSession')),
      perWindow: z.optional(windowCap),
      maxDismissals: z.optional(z.int().check(z.gte(1, 'maxDismissals must be ≥ 1'))),
      afterDismissDays: z.optional(z.number().check(z.gte(0, 'afterDismissDays must be ≥ 0'))),
    }),
  ),
  holdout: z.optional(z.number().check(z.gte(0, 'holdout is a share between 0 and 1'), z.lte(1, 'holdout is a share between 0 and 1'))),
  validForMs: z.optional(z.number().check(z.gte(0, 'validForMs must be ≥ 0'))),
  score: z.optional(z.record(z.string(), z.unknown())),
});

const GlobalCapsSchema = z.strictObject({ perSession: z.optional(count('perSession')), perWindow: z.optional(windowCap) });

function issuesOf(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message, code: i.code }));
}

/**
 * Validates an in-context message definition at the boundary and normalises it.
 *
 * @throws {InvalidInContextMessageError} with every problem and its path.
 * @throws {UnsafeUrlError} when a link (an action's `href`, a rich-text link) is not `http(s):` or relative.
 * @internal
 */
export function parseMessageDefinition(input: unknown): MessageSpec {
  const result = DefinitionSchema.safeParse(input);
  if (!result.success) throw new InvalidInContextMessageError(issuesOf(result.error), input);
  const d = result.data as InContextMessageDefinition;
  const issues: ValidationIssue[] = [];
  const when = typeof d.when === 'function' ? (d.when as MessageSpec['when']) : conditionPredicate(d.when, issues);
  const scored = { ...(d.score ?? { value: 'medium', relevance: 'medium' }), id: d.id, channel: 'in_context' };
  const scoreCheck = MessageSchema.safeParse(scored);
  if (!scoreCheck.success) issues.push(...issuesOf(scoreCheck.error, ['score']));
  if (issues.length > 0) throw new InvalidInContextMessageError(issues, input);
  const message = scored as Message;
  const actions: MessageAction[] = d.content.actions ?? [];
  actions.forEach((a, i) => {
    if (a.href !== undefined) checkSafeUrl(a.href, ['content', 'actions', i, 'href']);
    if (a.href !== undefined && a.dismiss === true) {
      throw new InvalidInContextMessageError([{ path: ['content', 'actions', i], message: 'an action is either a link (href) or a dismissal, not both', code: 'custom' }], input);
    }
  });
  const body = d.content.body;
  const p = d.placement;
  return {
    id: d.id,
    when,
    placement: typeof p === 'string' ? { kind: p } : 'anchor' in p ? { kind: 'anchor', selector: p.anchor } : { kind: 'inline', selector: p.inline },
    content: d.content,
    body: body === undefined ? [] : typeof body === 'string' ? plainParagraphs(body) : parseRichText(body.rich, ['content', 'body']),
    priority: d.priority ?? 0,
    frequency: {
      perSession: d.frequency?.perSession ?? 1,
      maxDismissals: d.frequency?.maxDismissals ?? 2,
      afterDismissDays: d.frequency?.afterDismissDays ?? 1,
      ...(d.frequency?.perWindow === undefined ? {} : { perWindow: d.frequency.perWindow }),
    },
    holdout: d.holdout ?? 0,
    validForMs: d.validForMs ?? 300_000,
    score: (state, now) => scoreMessage(message, state, now).score,
  };
}

/**
 * Validates the global caps of a messenger.
 *
 * @throws {InvalidInContextMessageError} with every problem and its path (under `caps`).
 * @internal
 */
export function parseGlobalCaps(input: unknown): GlobalCaps {
  const result = GlobalCapsSchema.safeParse(input);
  if (!result.success) throw new InvalidInContextMessageError(issuesOf(result.error, ['caps']), input);
  return result.data as GlobalCaps;
}

function conditionPredicate(input: ConditionInput, issues: ValidationIssue[]): MessageSpec['when'] {
  try {
    const compiled = compileCondition(input, ['when']);
    return (state, event, now) => compiled.test({ state, event: event ?? undefined, now });
  } catch (error) {
    if (error instanceof InvalidConditionError) issues.push(...error.issues);
    else throw error;
    return () => false;
  }
}

function plainParagraphs(body: string): RichParagraph[] {
  return body
    .split(/\n[ \t]*\n+/)
    .filter((p) => p.trim() !== '')
    .map((p) => [{ kind: 'text', text: p }]);
}
