/**
 * The parts of `@retain/core` that in-context messages use only on demand — the condition
 * language (for `when` given as data) and the message scorecard (for a declared `score`). They
 * bring zod with them, so they live in their own lazily loaded chunk.
 */
import { compileCondition, InvalidConditionError, MessageSchema, scoreMessage, type ConditionInput, type Message, type ValidationIssue } from '@retain/core';
import { InvalidInContextMessageError } from './errors.js';
import type { InContextMessageDefinition } from './message-definition.js';
import type { MessageSpec } from './message-schema.js';

/**
 * @internal Completes a validated spec: compiles a `when` condition with the shared condition
 * language and validates the scorecard fields.
 *
 * @throws {InvalidInContextMessageError} with the condition's and the score's issues (paths under `when` / `score`).
 */
export function completeWithCore(spec: MessageSpec, definition: InContextMessageDefinition): MessageSpec {
  const issues: ValidationIssue[] = [];
  let when = spec.when;
  if (typeof definition.when !== 'function') {
    try {
      const compiled = compileCondition(definition.when as ConditionInput, ['when']);
      when = (state, event, now) => compiled.test({ state, event: event ?? undefined, now });
    } catch (error) {
      if (!(error instanceof InvalidConditionError)) throw error;
      issues.push(...error.issues);
    }
  }
  let score = spec.score;
  if (definition.score !== undefined) {
    const message = { ...definition.score, id: spec.id, channel: 'in_context' };
    const result = MessageSchema.safeParse(message);
    if (result.success) score = (state, now) => scoreMessage(message as Message, state, now).score;
    else issues.push(...result.error.issues.map((i) => ({ path: ['score', ...i.path], message: i.message, code: i.code })));
  }
  if (issues.length > 0) throw new InvalidInContextMessageError(issues, definition);
  return { ...spec, when, score };
}
