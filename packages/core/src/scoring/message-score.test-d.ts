import { createCustomerState, scoreMessage, type Message, type MessageScore, type ScoreLine, type ScorecardCriterion } from '@retain/core';
import { describe, expectTypeOf, it } from 'vitest';

describe('scoreMessage types', () => {
  const message: Message = { id: 'm', channel: 'email', value: 'high', relevance: 'high' };

  it('scores with or without a customer; a customer needs now', () => {
    expectTypeOf(scoreMessage(message)).toEqualTypeOf<MessageScore>();
    expectTypeOf(scoreMessage(message, createCustomerState('u'), 0)).toEqualTypeOf<MessageScore>();
    // @ts-expect-error a customer without `now`: pure functions never read the clock
    scoreMessage(message, createCustomerState('u'));
  });

  it('checks the channel and the levels at compile time', () => {
    // @ts-expect-error not a channel
    const fax: Message = { id: 'm', channel: 'fax', value: 'high', relevance: 'high' };
    // @ts-expect-error not a value level
    const great: Message = { id: 'm', channel: 'email', value: 'great', relevance: 'high' };
    void fax;
    void great;
  });

  it('breakdown lines name a criterion or null', () => {
    expectTypeOf<ScoreLine['criterion']>().toEqualTypeOf<ScorecardCriterion | null>();
  });
});
