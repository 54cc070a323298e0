/**
 * The rules of the example: a few hand-written rules (typed builder) and templates. A host
 * defines them in code once, stores them as JSON, and loads the JSON wherever it evaluates.
 */
import { cond } from '@retain/core';
import { rule, templates, type RuleBuilder } from '@retain/node';

export const RULES: RuleBuilder[] = [
  ...templates.welcomeSeries({ days: [0, 3] }),
  templates.cartAbandon({ afterHours: 1 }),
  templates.winback({ afterDays: 14 }),
  templates.trialEnding({ daysBefore: 3 }),
  templates.consecutiveNegativeFeedback(),
  rule('big-spender-thanks')
    .describe('Thank customers for a large order, once per order')
    .on('Order Completed')
    .when(cond.eventProperty('revenue').gte(200), cond.consent('email'))
    .send({ campaign: 'vip-thanks', channel: 'email', payload: { tone: 'warm' } })
    .priority(30)
    .dedupe('vip-thanks:{event.properties.order_id}'),
];
