/**
 * @internal Caches of validated messages, policies and compiled evaluators, so that a host
 * calling `checkSend` per event with fresh (but equal) message and policy objects does not pay
 * for validation and compilation every time. Keyed by content (JSON), bounded, and holding only
 * immutable results: the same inputs always give the same answer.
 */
import { createMessageScorer, type Message, type MessageScorer, type ResolvedScoringOptions } from '@retain/core';
import { SendEvaluator } from './send-evaluator.js';
import { resolvePolicy, type ResolvedPolicy, type SendPolicyInput } from './send-policy.js';

const MAX_ENTRIES = 512;

/** A small least-recently-used map. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
  }
}

function keyOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // cycles, BigInt…: validated on every call (and rejected by the schema)
  }
}

const policies = new Lru<ResolvedPolicy>();

/** @internal The resolved policy for `input`: cached by identity for frozen objects, by content otherwise. */
export function policyFor(input: SendPolicyInput): ResolvedPolicy {
  if (Object.isFrozen(input)) return resolvePolicy(input);
  const key = keyOf(input);
  if (key === undefined) return resolvePolicy(input);
  let resolved = policies.get(key);
  if (resolved === undefined) policies.set(key, (resolved = resolvePolicy(input)));
  return resolved;
}

const scorers = new WeakMap<ResolvedScoringOptions, Lru<MessageScorer>>();

/** @internal The scorer for `message` under scoring options `o`, cached by message content. */
export function scorerFor(message: Message, o: ResolvedScoringOptions): MessageScorer {
  const key = keyOf(message);
  if (key === undefined) return createMessageScorer(message, o);
  let byKey = scorers.get(o);
  if (byKey === undefined) scorers.set(o, (byKey = new Lru()));
  let scorer = byKey.get(key);
  if (scorer === undefined) byKey.set(key, (scorer = createMessageScorer(message, o)));
  return scorer;
}

const evaluators = new WeakMap<MessageScorer, WeakMap<ResolvedPolicy, SendEvaluator>>();

/** @internal The evaluator for a scorer and a policy (both immutable), compiled once. */
export function evaluatorFor(scorer: MessageScorer, policy: ResolvedPolicy): SendEvaluator {
  let byPolicy = evaluators.get(scorer);
  if (byPolicy === undefined) evaluators.set(scorer, (byPolicy = new WeakMap()));
  let evaluator = byPolicy.get(policy);
  if (evaluator === undefined) byPolicy.set(policy, (evaluator = new SendEvaluator(scorer, policy)));
  return evaluator;
}
