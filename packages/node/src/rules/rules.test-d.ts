import { cond } from '@retain/core';
import { describe, expectTypeOf, it } from 'vitest';
import { rule } from './builder.js';
import type { RuleDecision } from './evaluate.js';
import type { RuleJson } from './rule.js';
import { templates } from './templates/index.js';

describe('rule types', () => {
  it('checks state paths, channels and template options at compile time', () => {
    rule('ok').when(cond.state('subscription.trialEndsAt').exists()).send({ campaign: 'c', channel: 'push' });
    // @ts-expect-error a typo in a state path
    rule('typo').when(cond.state('subscription.trialEnd').exists());
    // @ts-expect-error not a channel
    rule('fax').send({ campaign: 'c', channel: 'fax' });
    // @ts-expect-error not an option of the winback template
    templates.winback({ afterDay: 21 });
    // @ts-expect-error a cooldown unit
    rule('x').cooldown(1, 'weeks');
  });

  it('types the JSON form and the decisions', () => {
    expectTypeOf<RuleJson['action']['channel']>().toEqualTypeOf<'in_context' | 'banner' | 'email' | 'direct_mail' | 'push' | 'sms'>();
    expectTypeOf<RuleDecision['action']['message']>().toEqualTypeOf<string>();
    const bad = {
      id: 'x',
      when: { consent: 'email' },
      action: { campaign: 'c', channel: 'email' },
      // @ts-expect-error priority is a number
      priority: 'high',
    } satisfies RuleJson;
    expectTypeOf(bad.id).toEqualTypeOf<string>();
  });
});
