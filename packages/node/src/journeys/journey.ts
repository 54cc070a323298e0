/**
 * The journey definition, in its plain-JSON form: an entry, a list of steps (send, wait, branch,
 * split, update, exit), a goal and exit conditions. `next` names the step that follows; left out,
 * it is the next one in the list, and after the last step the journey is complete.
 */
import type { Channel, Condition, JsonObject, JsonValue } from '@retain/core';
import type { Duration } from '../rules/rule.js';

/** How an event starts (or a wait ends): its name, and optionally a condition over it and the state. */
export interface JourneyEventMatch {
  /** The track event name (`Order Completed`), or `identify` / `page` for those calls. */
  event: string;
  when?: Condition;
}

/** When a customer enters, and whether again. */
export interface JourneyEntry {
  /** The event that starts the journey; without it, the journey starts when `when` holds. */
  event?: string;
  /** A condition over the state (and the event) that must hold to enter. */
  when?: Condition;
  /**
   * `never`: a customer goes through once; `after-exit`: again once they left (completed,
   * converted or exited); `{ after }`: again once that long has passed since they last entered.
   * @default 'never'
   */
  reentry?: 'never' | 'after-exit' | { after: Duration };
}

interface StepBase {
  /** Unique within the journey: positions, explanations and decisions name it. */
  id: string;
  /** The step after this one; default the next in the list (after the last: complete). */
  next?: string;
  /** A note for people reading the journey. */
  description?: string;
}

/** Sends a message, through the same send checks (goodwill, caps, quiet hours, consent) as rules. */
export interface SendStep extends StepBase {
  type: 'send';
  /** The message key (the catalogue's). */
  message: string;
  channel: Channel;
  campaign?: string;
  /** What the delivery needs (subject, template variables). */
  payload?: JsonObject;
  /**
   * When the send checks refuse it: `skip` to the next step, or `wait` and try again after
   * `retryAfter` (at most `retries` times, then skip). The reason is recorded either way.
   * @default 'skip'
   */
  onRefused?: 'skip' | 'wait';
  /** @default { value: 1, unit: 'days' } */
  retryAfter?: Duration;
  /** @default 3 */
  retries?: number;
}

/** Waits a duration, or until an event or condition (then `timeout` is required), then moves on. */
export interface WaitStep extends StepBase {
  type: 'wait';
  /** A fixed wait. */
  for?: Duration;
  /** Wait until this event (after arriving here)… */
  untilEvent?: JourneyEventMatch;
  /** …or until this condition holds. */
  until?: Condition;
  /** How long to wait for the event or condition; required with them. */
  timeout?: Duration;
  /** Where to go when the timeout passes first. @default next */
  onTimeout?: string;
}

/** Goes to the first branch whose condition holds (state and the event), else `otherwise`. */
export interface BranchStep extends StepBase {
  type: 'branch';
  branches: ReadonlyArray<{ when: Condition; next: string; name?: string }>;
  /** @default next */
  otherwise?: string;
}

/** A random, per-customer deterministic A/B split; a holdout arm sends nothing but records what it would have sent. */
export interface SplitStep extends StepBase {
  type: 'split';
  arms: ReadonlyArray<{ name: string; weight: number; next?: string; holdout?: boolean }>;
}

/** Sets customer traits or flags (returned to the host as updates, and kept with the position). */
export interface UpdateStep extends StepBase {
  type: 'update';
  set: Readonly<Record<string, JsonValue>>;
}

/** Leaves the journey. */
export interface ExitStep extends Omit<StepBase, 'next'> {
  type: 'exit';
  reason?: string;
}

/** One step of a journey. */
export type JourneyStep = SendStep | WaitStep | BranchStep | SplitStep | UpdateStep | ExitStep;

/** A journey in its JSON form (what {@link parseJourney} validates and the builder produces). */
export interface JourneyJson {
  id: string;
  /** Bump it when the steps change; positions record it (see `migrateJourneyPositions`). @default 1 */
  version?: number;
  description?: string;
  entry: JourneyEntry;
  /** The first step is where a customer starts. */
  steps: readonly JourneyStep[];
  /** Reaching it converts the customer: they leave the journey, counted as a conversion. */
  goal?: { event?: string; when?: Condition };
  /** Conditions that take a customer out wherever they are (unsubscribed, churned…). */
  exits?: ReadonlyArray<{ name: string; when: Condition }>;
}

/** One thing that happened to a customer in a journey. */
export interface JourneyHistoryEntry {
  step: string;
  at: number;
  outcome: 'entered' | 'sent' | 'refused' | 'held-out' | 'waiting' | 'waited' | 'event' | 'timeout' | 'branched' | 'split' | 'updated' | 'exited' | 'converted' | 'completed' | 'migrated';
  detail?: string;
}

/** Where a customer stands in one journey: stored with the customer (rule memory, `memory.journeys`). */
export interface JourneyPosition {
  journey: string;
  version: number;
  status: 'active' | 'completed' | 'converted' | 'exited';
  /** The step the customer is at (waiting, or retrying a send); null once they left. */
  step: string | null;
  /** When they last entered. */
  enteredAt: number;
  /** How many times they entered. */
  entries: number;
  /** When they arrived at `step`. */
  stepSince: number;
  /** When the journey needs this customer again without an event (a wait's end, a retry). */
  dueAt: number | null;
  /** Send retries made at the current step. */
  retries: number;
  /** The split arm they were put in, if any, and whether it is a holdout. */
  arm?: string;
  holdout?: boolean;
  /** Traits set by update steps. */
  traits?: JsonObject;
  /** Why they left, when they did. */
  exitReason?: string;
  /** The most recent entries (at most 40). */
  history: JourneyHistoryEntry[];
  /** Message ids of the events already handled (at most 64): a retried event changes nothing. */
  seen: string[];
}
