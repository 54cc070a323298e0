import { KnownEvent, type CustomerState, type JsonObject, type RetainEvent } from '@retain/core/state';
import type { completeWithCore } from './core-bridge.js';
import { capReason, currentSessionStart, type LocalLedger } from './frequency.js';
import { isHeldOut } from './holdout.js';
import type { MessageHost } from './host.js';
import { InvalidInContextMessageError, MessageConditionError } from './errors.js';
import type { GlobalCaps, InContextMessageDefinition, MessageAction } from './message-definition.js';
import { needsCore, parseGlobalCaps, parseMessageDefinition, type MessageSpec, type PlacementSpec } from './message-schema.js';
import { renderMessage, type MessageView } from './render/message-view.js';

/**
 * Options of the messenger behind `retain.inContextMessage()`; set its caps with
 * `createRetain({ messages: { caps } })`.
 *
 * @example
 * ```ts
 * import type { MessengerOptions } from '@retain/browser';
 * const options: MessengerOptions = { caps: { perSession: 2, perWindow: { count: 5, days: 7 } } };
 * ```
 */
export interface MessengerOptions {
  /** Caps across all in-context messages. @default { perSession: 3 } */
  caps?: GlobalCaps | undefined;
  /** The document to render into. @default globalThis.document */
  document?: Document;
  /** The clock (epoch ms). @default Date.now */
  now?: () => number;
  /**
   * Loads the core condition language and scorecard (`core-bridge.ts`), for `when` given as data
   * and declared `score` fields. Injected by `retain.inContextMessage()` so that this chunk
   * does not reference that one (it brings zod).
   */
  loadCore?: () => Promise<{ completeWithCore: typeof completeWithCore }>;
}

/**
 * A registered in-context message.
 *
 * @example
 * ```ts
 * import type { InContextMessage } from '@retain/browser';
 * declare const message: InContextMessage;
 * if (message.isShowing()) message.unregister();
 * ```
 */
export interface InContextMessage {
  readonly id: string;
  /** Whether it is on the page now. */
  isShowing(): boolean;
  /** Stops evaluating it and removes it from the page (records nothing). */
  unregister(): void;
}

/**
 * Shows the right in-context message at the right moment: evaluates every registered message
 * on each state change, applies frequency caps, holdout, priority and queueing, renders, and
 * records `Message Shown` / `Message Clicked` / `Message Dismissed` through the tracking client.
 *
 * @example
 * ```ts
 * import type { InContextMessageDefinition, Messenger } from '@retain/browser';
 * declare const messenger: Messenger;
 * const welcome: InContextMessageDefinition = { id: 'welcome', when: (state) => state.visits.sessions.length === 1, placement: 'toast', content: { title: 'Welcome!' } };
 * messenger.register(welcome);
 * ```
 */
export interface Messenger {
  /**
   * Adds (or replaces, by id) a message. Loads the core condition language and scorecard first
   * when the definition uses them (a `when` given as data, a declared `score`).
   * @throws {InvalidInContextMessageError} (rejects) when the definition is invalid (every problem, with its path).
   * @throws {UnsafeUrlError} (rejects) when a link is not `http(s):` or relative.
   */
  register(definition: InContextMessageDefinition): Promise<InContextMessage>;
  /** Ids of the messages on the page now. */
  showing(): string[];
  /** Removes every message and stops listening. */
  destroy(): void;
}

interface Entry {
  spec: MessageSpec;
  /** Set while qualified and waiting for its turn. */
  waiting: { seq: number; until: number } | null;
  view: MessageView | null;
}

const EXPERIMENT_PREFIX = 'message:';

const slotOf = (p: PlacementSpec): string => (p.kind === 'anchor' || p.kind === 'inline' ? `${p.kind}:${p.selector}` : p.kind);

/**
 * Creates the in-context messenger on top of a tracking client ({@link MessageHost}). Listens
 * to state changes from the first registration on; renders nothing before.
 *
 * @throws {InvalidInContextMessageError} when `options.caps` is invalid.
 * @internal The lazily loaded engine behind `retain.inContextMessage()`; works with any {@link MessageHost}.
 */
export function createMessenger(host: MessageHost, options: MessengerOptions = {}): Messenger {
  const caps = parseGlobalCaps(options.caps ?? {});
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const ledger: LocalLedger = [];
  const exposed = new Set<string>();
  let seq = 0;
  let unsubscribe: (() => void) | null = null;
  let flushQueued = false;

  const doc = (): Document => options.document ?? globalThis.document;

  const qualifies = (spec: MessageSpec, state: CustomerState, event: RetainEvent | null): boolean => {
    try {
      return spec.when(state, event, now()) === true;
    } catch (error) {
      host.reportError(new MessageConditionError(spec.id, error));
      return false;
    }
  };

  const evaluate = (state: CustomerState, event: RetainEvent | null, only?: Entry): void => {
    const t = now();
    for (const entry of only === undefined ? entries.values() : [only]) {
      if (entry.view === null && qualifies(entry.spec, state, event)) entry.waiting = { seq: ++seq, until: t + entry.spec.validForMs };
    }
    queueFlush();
  };

  const queueFlush = (): void => {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(flush);
  };

  const track = (name: string, spec: MessageSpec, extra: JsonObject): void => {
    host.track(name, { message_id: spec.id, channel: 'in_context', ...extra });
  };

  /** Records the customer's group for a message with a holdout, once per visit: the control group's "would have shown". */
  const recordExposure = (spec: MessageSpec, state: CustomerState, variation: 'control' | 'treatment', t: number): void => {
    if (spec.holdout === 0) return;
    const key = EXPERIMENT_PREFIX + spec.id;
    const seen = Object.hasOwn(state.experiments, key) ? state.experiments[key] : undefined;
    if (exposed.has(key) || (seen !== undefined && seen.at >= currentSessionStart(state, t))) return;
    exposed.add(key);
    host.track(KnownEvent.ExperimentViewed, {
      experiment_id: key,
      variation_id: variation,
      message_id: spec.id,
      holdout: spec.holdout,
      ...(variation === 'control' ? { would_have_shown: true } : {}),
    });
  };

  let waitingForVisibility = false;
  const flush = (): void => {
    flushQueued = false;
    const d = doc();
    if (d.visibilityState === 'hidden') {
      // Nobody would see it: qualified messages wait (within their validity) until the tab is visible.
      if (!waitingForVisibility) {
        waitingForVisibility = true;
        d.addEventListener('visibilitychange', () => ((waitingForVisibility = false), queueFlush()), { once: true });
      }
      return;
    }
    const t = now();
    for (const e of entries.values()) if (e.view !== null && !e.view.host.isConnected) e.view = null; // its slot left the page
    const shown = [...entries.values()].filter((e) => e.view !== null);
    if (shown.some((e) => e.spec.placement.kind === 'modal')) return; // a modal has the customer's whole attention
    const busy = new Set(shown.map((e) => slotOf(e.spec.placement)));
    const candidates = [...entries.values()]
      .filter((e) => e.waiting !== null && e.view === null)
      .sort((a, b) => b.spec.priority - a.spec.priority || (b.waiting?.seq ?? 0) - (a.waiting?.seq ?? 0));
    for (const entry of candidates) {
      const { spec } = entry;
      if (entry.waiting === null || entry.waiting.until < t) {
        entry.waiting = null;
        continue;
      }
      const slot = slotOf(spec.placement);
      if (busy.has(slot)) continue;
      const state = host.state();
      if (capReason(state, spec, caps, t, ledger) !== null) {
        entry.waiting = null;
        continue;
      }
      if (isHeldOut(host.customerId(), spec.id, spec.holdout)) {
        entry.waiting = null;
        recordExposure(spec, state, 'control', t);
        continue;
      }
      const view = renderMessage(d, spec, {
        action: (action, index) => onAction(entry, action, index),
        close: (via) => finish(entry, KnownEvent.MessageDismissed, { action: via }),
      });
      if (view === null) continue; // its anchor or slot is not on the page (yet): keep waiting
      entry.view = view;
      entry.waiting = null;
      busy.add(slot);
      const baseline = Object.hasOwn(state.interactions, spec.id) ? (state.interactions[spec.id]?.shown ?? 0) : 0;
      ledger.push({ id: spec.id, kind: 'shown', at: t, baseline });
      recordExposure(spec, state, 'treatment', t);
      track(KnownEvent.MessageShown, spec, { placement: slot.split(':')[0] as string, priority: spec.priority, ...messageScore(spec, state, t) });
      if (spec.placement.kind === 'modal') break;
    }
  };

  const finish = (entry: Entry, event: string, properties: JsonObject): void => {
    const view = entry.view;
    if (view === null) return;
    entry.view = null;
    if (event === KnownEvent.MessageDismissed) {
      const state = host.state();
      const baseline = Object.hasOwn(state.interactions, entry.spec.id) ? (state.interactions[entry.spec.id]?.dismissed ?? 0) : 0;
      ledger.push({ id: entry.spec.id, kind: 'dismissed', at: now(), baseline });
    }
    track(event, entry.spec, properties);
    view.remove();
    queueFlush();
  };

  const onAction = (entry: Entry, action: MessageAction, index: number): void => {
    const name = action.id ?? action.label;
    if (action.dismiss === true) return finish(entry, KnownEvent.MessageDismissed, { action: name, action_index: index });
    const view = entry.view;
    // A link navigates after the click: keep it connected until then.
    if (action.href !== undefined && view !== null) {
      entry.view = null;
      track(KnownEvent.MessageClicked, entry.spec, { action: name, action_index: index, href: action.href });
      setTimeout(() => {
        view.remove();
        queueFlush();
      }, 0);
      return;
    }
    finish(entry, KnownEvent.MessageClicked, { action: name, action_index: index });
  };

  return {
    async register(definition) {
      let spec = parseMessageDefinition(definition);
      if (needsCore(definition)) {
        if (options.loadCore === undefined) {
          const path = typeof definition.when === 'function' ? 'score' : 'when';
          throw new InvalidInContextMessageError([{ path: [path], message: `${path} needs the core condition language and scorecard: create the messenger with loadCore`, code: 'custom' }], definition);
        }
        spec = (await options.loadCore()).completeWithCore(spec, definition);
      }
      entries.get(spec.id)?.view?.remove();
      const entry: Entry = { spec, waiting: null, view: null };
      entries.set(spec.id, entry);
      unsubscribe ??= host.subscribe((state, event) => evaluate(state, event));
      evaluate(host.state(), null, entry);
      return {
        id: spec.id,
        isShowing: () => entry.view !== null,
        unregister() {
          if (entries.get(spec.id) !== entry) return;
          entries.delete(spec.id);
          entry.view?.remove();
          entry.view = null;
          queueFlush();
        },
      };
    },
    showing: () => [...entries.values()].filter((e) => e.view !== null).map((e) => e.spec.id),
    destroy() {
      unsubscribe?.();
      unsubscribe = null;
      for (const entry of entries.values()) entry.view?.remove();
      entries.clear();
    },
  };
}

/** The scorecard score of the message for this customer, for goodwill (`score` of `Message Shown`). */
function messageScore(spec: MessageSpec, state: CustomerState, t: number): { score?: number } {
  if (spec.score === null) return {};
  try {
    return { score: spec.score(state, t) };
  } catch {
    return {}; // a score is information, never a reason not to record the show
  }
}
