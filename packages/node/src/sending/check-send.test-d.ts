import { createCustomerState, type Channel, type Message } from '@retain/core';
import { checkSend, defaultPolicy, simulateCampaign, type RefusalCode, type RefusalReason, type SendDecision, type SendPolicyInput } from '@retain/node';
import { describe, expectTypeOf, it } from 'vitest';

const message: Message = { id: 'm', channel: 'email', value: 'high', relevance: 'high' };

describe('checkSend types', () => {
  it('narrows on allowed: reasons and suggestion exist only on a refusal', () => {
    const d = checkSend(createCustomerState('u'), message, defaultPolicy, 0);
    expectTypeOf(d).toEqualTypeOf<SendDecision>();
    if (d.allowed) {
      // @ts-expect-error an allowed send has no reasons
      void d.reasons;
    } else {
      expectTypeOf(d.reasons).toEqualTypeOf<readonly RefusalReason[]>();
      expectTypeOf(d.suggestion?.channel).toEqualTypeOf<Channel | null | undefined>();
    }
  });

  it('reason details narrow on the code', () => {
    const reason = {} as RefusalReason;
    if (reason.code === 'quiet_hours') expectTypeOf(reason.until).toEqualTypeOf<number>();
    if (reason.code === 'low_goodwill') expectTypeOf(reason.goodwillAfter).toEqualTypeOf<number>();
  });

  it('a policy cannot switch consent off', () => {
    // @ts-expect-error no such policy setting
    const lax: SendPolicyInput = { ignoreConsent: true };
    void lax;
  });

  it('simulateCampaign counts every refusal code', () => {
    const r = simulateCampaign([], message, {}, 0);
    expectTypeOf(r.reasons).toEqualTypeOf<Readonly<Record<RefusalCode, number>>>();
  });
});
