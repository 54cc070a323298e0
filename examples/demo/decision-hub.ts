/**
 * The live feed of backend decisions: the ingest handler publishes each decision, and every
 * open Server-Sent Events stream (the shop's live panel) receives it.
 */
import type { IngestDecision } from '@retain/node';

/** A decision as the live panel shows it. */
export interface DecisionView {
  seq: number;
  at: string;
  customerId: string;
  rule: string;
  messageId: string;
  channel: string;
  trigger: string;
  allowed: boolean;
  reasons: readonly string[];
}

/** Options of {@link createDecisionHub}. */
export interface DecisionHubOptions {
  /** Decisions replayed to a stream that connects late. @default 50 */
  history?: number;
  /** Interval of the keep-alive comments. @default 15000 */
  heartbeatMs?: number;
}

/** The decision feed. */
export interface DecisionHub {
  publish(decision: IngestDecision): DecisionView;
  /** Recent decisions, oldest first. */
  recent(): readonly DecisionView[];
  /**
   * A `text/event-stream` response that replays the recent decisions, then streams new ones —
   * only those about `customerId` when given (a shopper sees their own decisions only).
   */
  stream(signal?: AbortSignal, customerId?: string): Response;
  /** Ends every open stream (for a clean shutdown). */
  close(): void;
}

/**
 * Creates the decision feed.
 *
 * @example
 * ```ts
 * import { createDecisionHub } from './decision-hub.js';
 * const hub = createDecisionHub();
 * const response = hub.stream(); // serve it at GET /api/decisions
 * hub.close();
 * void response;
 * ```
 */
export function createDecisionHub(options: DecisionHubOptions = {}): DecisionHub {
  const limit = options.history ?? 50;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const history: DecisionView[] = [];
  const streams = new Map<ReadableStreamDefaultController<Uint8Array>, string | undefined>();
  const encoder = new TextEncoder();
  let seq = 0;
  const frame = (view: DecisionView) => encoder.encode(`id: ${view.seq}\nevent: decision\ndata: ${JSON.stringify(view)}\n\n`);
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array) => {
    try {
      controller.enqueue(chunk);
    } catch {
      streams.delete(controller);
    }
  };
  const timer = setInterval(() => {
    for (const controller of streams.keys()) send(controller, encoder.encode(': keep-alive\n\n'));
  }, heartbeatMs);
  timer.unref();

  return {
    publish(decision) {
      const view: DecisionView = {
        seq: ++seq,
        at: new Date(decision.at).toISOString(),
        customerId: decision.customerId,
        rule: decision.message.rule,
        messageId: decision.message.id,
        channel: decision.message.channel,
        trigger: decision.trigger.event ?? decision.trigger.type,
        allowed: decision.allowed,
        reasons: decision.reasons,
      };
      history.push(view);
      if (history.length > limit) history.shift();
      const chunk = frame(view);
      for (const [controller, only] of streams) if (only === undefined || only === view.customerId) send(controller, chunk);
      return view;
    },
    recent: () => [...history],
    stream(signal, customerId) {
      let self: ReadableStreamDefaultController<Uint8Array> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller;
          controller.enqueue(encoder.encode('retry: 2000\n\n'));
          for (const view of history) if (customerId === undefined || view.customerId === customerId) controller.enqueue(frame(view));
          streams.set(controller, customerId);
          signal?.addEventListener('abort', () => {
            streams.delete(controller);
            try {
              controller.close();
            } catch {
              // already closed
            }
          });
        },
        cancel() {
          if (self !== undefined) streams.delete(self);
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' } });
    },
    close() {
      clearInterval(timer);
      for (const controller of streams.keys()) {
        try {
          controller.close();
        } catch {
          // already closed
        }
      }
      streams.clear();
    },
  };
}
