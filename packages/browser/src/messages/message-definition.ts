import type { ConditionInput, CustomerState, Message, RetainEvent } from '@retain/core';

/**
 * When a message qualifies: a predicate over the customer's state and the event that just
 * changed it (`null` when evaluated on registration, before any new event).
 *
 * @example
 * ```ts
 * import type { MessagePredicate } from '@retain/browser';
 * const stalledCart: MessagePredicate = (state, event) =>
 *   event?.type === 'page' && (state.funnels['checkout']?.furthestIndex ?? -1) >= 1 && !state.funnels['checkout']?.completed;
 * ```
 */
export type MessagePredicate = (state: CustomerState, event: RetainEvent | null) => boolean;

/**
 * Where a message appears.
 *
 * - `'banner'` / `'banner-bottom'` — a full-width bar at the top / bottom of the viewport;
 * - `'modal'` — a dialog that takes focus (at most one at a time);
 * - `'toast'` — a small card in a corner of the viewport;
 * - `{ anchor: selector }` — a callout next to an element, following it on scroll and resize and
 *   hidden while it is out of view;
 * - `{ inline: selector }` — rendered inside a slot of the page.
 *
 * @example
 * ```ts
 * import type { MessagePlacement } from '@retain/browser';
 * const nextToCart: MessagePlacement = { anchor: '#cart-button' };
 * ```
 */
export type MessagePlacement = 'banner' | 'banner-bottom' | 'modal' | 'toast' | { anchor: string } | { inline: string };

/**
 * A button or link in a message. With `href` it is a link (`http(s):` or relative only);
 * with `dismiss: true` it dismisses the message; otherwise it records a click and closes.
 *
 * @example
 * ```ts
 * import type { MessageAction } from '@retain/browser';
 * const actions: MessageAction[] = [{ label: 'Back to cart', href: '/cart' }, { label: 'Not now', dismiss: true }];
 * ```
 */
export interface MessageAction {
  /** Visible text (plain text). */
  label: string;
  /** Link target: `http:`, `https:` or relative. */
  href?: string;
  /** This action dismisses the message (counts towards "Hear me"). */
  dismiss?: boolean;
  /** Name recorded in the `action` property of `Message Clicked` / `Message Dismissed`. @default the label */
  id?: string;
}

/**
 * Rich text through the allow-list: paragraphs (blank lines), line breaks, `**bold**`,
 * `_emphasis_` and `[links](https://example.com)` (`http(s):` or relative). Everything else is text.
 *
 * @example
 * ```ts
 * import type { RichText } from '@retain/browser';
 * const body: RichText = { rich: 'Your cart is **saved**. [See it](/cart)' };
 * ```
 */
export interface RichText {
  rich: string;
}

/**
 * What a message says. Every field is text: nothing is ever parsed as HTML.
 *
 * @example
 * ```ts
 * import type { MessageContent } from '@retain/browser';
 * const content: MessageContent = { title: 'Still thinking it over?', body: 'Your cart is saved for 7 days.' };
 * ```
 */
export interface MessageContent {
  /** Heading; also the accessible name of the message. */
  title: string;
  /** Plain text, or {@link RichText}. */
  body?: string | RichText;
  /** Up to 3 actions. */
  actions?: MessageAction[];
  /** Accessible label of the close (×) button. @default 'Dismiss' */
  closeLabel?: string;
}

/**
 * How often a message may appear. Counted from the persisted customer state, so the caps hold
 * across reloads.
 *
 * @example
 * ```ts
 * import type { FrequencyCaps } from '@retain/browser';
 * const caps: FrequencyCaps = { perSession: 1, perWindow: { count: 3, days: 7 }, maxDismissals: 2, afterDismissDays: 3 };
 * ```
 */
export interface FrequencyCaps {
  /** At most this many times per visit (30-minute rule). @default 1 */
  perSession?: number;
  /** At most `count` times in any rolling window of `days` days. */
  perWindow?: { count: number; days: number };
  /** "Hear me": once dismissed this many times, never shown again. @default 2 */
  maxDismissals?: number;
  /** Wait this many days after a dismissal before showing it again. @default 1 */
  afterDismissDays?: number;
}

/**
 * Caps across every in-context message (a customer sees few messages, whatever the number defined).
 *
 * @example
 * ```ts
 * import type { GlobalCaps } from '@retain/browser';
 * const caps: GlobalCaps = { perSession: 2, perWindow: { count: 5, days: 7 } };
 * ```
 */
export interface GlobalCaps {
  /** At most this many in-context messages per visit. @default 3 */
  perSession?: number;
  /** At most `count` in-context messages in any rolling window of `days` days. */
  perWindow?: { count: number; days: number };
}

/**
 * An in-context message: what to say, where, when, and how often.
 *
 * @example
 * ```ts
 * import type { InContextMessageDefinition } from '@retain/browser';
 * const cartNudge: InContextMessageDefinition = {
 *   id: 'cart-nudge',
 *   when: (state, event) => event?.type === 'page' && (state.actions['Product Added']?.count ?? 0) > 0 && state.transactions.orders === 0,
 *   placement: 'toast',
 *   content: { title: 'Still thinking it over?', body: 'Your cart is saved.', actions: [{ label: 'Back to cart', href: '/cart' }, { label: 'Not now', dismiss: true }] },
 *   priority: 10,
 *   frequency: { perSession: 1, maxDismissals: 2 },
 *   holdout: 0.1,
 * };
 * ```
 */
export interface InContextMessageDefinition {
  /** Stable id: the `message_id` of the automatic events, and the key of the caps. */
  id: string;
  /**
   * A predicate, or a serializable condition of the condition language shared with the rules
   * engine (`@retain/core` conditions: JSON, or the `cond` builder) so messages can be shipped as data.
   */
  when: MessagePredicate | ConditionInput;
  placement: MessagePlacement;
  content: MessageContent;
  /** Higher wins when several messages qualify at once; ties go to the most recent. @default 0 */
  priority?: number;
  /** Per-message caps. */
  frequency?: FrequencyCaps;
  /** Share of customers (0–1) held out as a control group: they never see it, and "would have shown" is recorded. @default 0 */
  holdout?: number;
  /** How long a message that qualified may wait for its turn (ms). @default 300000 (5 minutes) */
  validForMs?: number;
  /**
   * What the scorecard needs to score the message (DOMAIN §3); the score goes into `Message Shown`
   * so that goodwill knows. The channel is `in_context`. Without it, `Message Shown` carries no score.
   */
  score?: MessageScoreInput;
}

/**
 * The scorecard fields of an in-context message (see `scoreMessage` in `@retain/core`).
 *
 * @example
 * ```ts
 * import type { MessageScoreInput } from '@retain/browser';
 * const score: MessageScoreInput = { value: 'high', effort: 'low', relevantTo: ['Product Added'] };
 * ```
 */
export type MessageScoreInput = Pick<Message, 'value'> & Partial<Pick<Message, 'effort' | 'relevance' | 'relevantTo' | 'campaign'>>;
