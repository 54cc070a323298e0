import { cond, type Channel, type ConditionInput } from '@retain/core';

/**
 * @internal Whether a marketing message may reach the customer on `channel`: explicit consent,
 * except on-site channels (in-context, banner) where not having opted out is enough.
 */
export function mayMarket(channel: Channel): ConditionInput {
  return channel === 'in_context' || channel === 'banner' ? cond.not(cond.optedOut(channel)) : cond.consent(channel);
}

/** @internal Transactional messages (payment failed, trial ending): the customer has not opted out. */
export function mayInform(channel: Channel): ConditionInput {
  return cond.not(cond.optedOut(channel));
}
