/** Lifecycle templates: welcome series, trial ending, birthday and anniversary. */
import { cond } from '@retain/core';
import type { RuleBuilder } from '../builder.js';
import { mayInform, mayMarket } from './reach.js';
import { base, type TemplateOptions } from './template-options.js';

/**
 * Options of `templates.welcomeSeries`.
 *
 * @example
 * ```ts
 * import { templates, type WelcomeSeriesOptions } from '@retain/node';
 * const options: WelcomeSeriesOptions = { channel: 'email' };
 * const rule = templates.welcomeSeries(options);
 * ```
 */
export interface WelcomeSeriesOptions extends TemplateOptions {
  /** Days after sign-up of each message. @default [0, 2, 5] */
  days?: readonly number[];
  /** How long each message stays due after its day. @default 2 */
  windowDays?: number;
}

/**
 * Welcome series: one rule per message, due `days[i]` days after sign-up, each sent once.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rules = templates.welcomeSeries({ days: [0, 3, 7] }); // welcome-series-1 … -3
 * ```
 */
export function welcomeSeries(options: WelcomeSeriesOptions = {}): RuleBuilder[] {
  const channel = options.channel ?? 'email';
  const window = options.windowDays ?? 2;
  return (options.days ?? [0, 2, 5]).map((day, i) => {
    const n = i + 1;
    const id = `${options.id ?? 'welcome-series'}-${n}`;
    return base('welcome-series', { ...options, id, message: `${options.message ?? options.campaign ?? 'welcome-series'}-${n}` }, { channel, priority: 20, payload: { step: n } })
      .describe(`Welcome series, message ${n}: ${day} days after sign-up`)
      .when(cond.since('signedUp').between(day, day + window), mayMarket(channel))
      .dedupe(id);
  });
}

/**
 * Options of `templates.trialEnding`.
 *
 * @example
 * ```ts
 * import { templates, type TrialEndingOptions } from '@retain/node';
 * const options: TrialEndingOptions = { channel: 'email' };
 * const rule = templates.trialEnding(options);
 * ```
 */
export interface TrialEndingOptions extends TemplateOptions {
  /** Days before the end of the trial. @default 3 */
  daysBefore?: number;
}

/**
 * Trial ending: the trial ends within `daysBefore` days; once per trial end date.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.trialEnding({ daysBefore: 2 });
 * ```
 */
export function trialEnding(options: TrialEndingOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const days = options.daysBefore ?? 3;
  return base('trial-ending', options, { channel, priority: 25, payload: { daysBefore: days } })
    .describe(`The trial ends within ${days} days`)
    .when(cond.state('subscription.status').eq('trialing'), cond.until('subscription.trialEndsAt').gte(0), cond.until('subscription.trialEndsAt').lte(days), mayInform(channel))
    .dedupe('trial-ending:{state.subscription.trialEndsAt}');
}

/**
 * Options of `templates.birthday`.
 *
 * @example
 * ```ts
 * import { templates, type BirthdayOptions } from '@retain/node';
 * const options: BirthdayOptions = { channel: 'email' };
 * const rule = templates.birthday(options);
 * ```
 */
export interface BirthdayOptions extends TemplateOptions {
  /** The trait holding the date of birth (ISO date or epoch ms). @default 'birthday' */
  trait?: string;
}

/**
 * Birthday: on the customer's birthday (UTC), at most once a year.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.birthday({ trait: 'date_of_birth', payload: { gift: 'coffee' } });
 * ```
 */
export function birthday(options: BirthdayOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  return base('birthday', options, { channel, priority: 10 })
    .describe('On the customer’s birthday')
    .when(cond.anniversary(`identity.traits.${options.trait ?? 'birthday'}`).eq(0), mayMarket(channel))
    .cooldown(300, 'days');
}

/**
 * Options of `templates.anniversary`.
 *
 * @example
 * ```ts
 * import { templates, type AnniversaryOptions } from '@retain/node';
 * const options: AnniversaryOptions = { channel: 'email' };
 * const rule = templates.anniversary(options);
 * ```
 */
export interface AnniversaryOptions extends TemplateOptions {
  /** The milestone whose anniversary is celebrated. @default 'signedUp' */
  milestone?: string;
}

/**
 * Anniversary: a year (or more) to the day after a milestone (sign-up by default), once a year.
 *
 * @example
 * ```ts
 * import { templates } from '@retain/node';
 * const rule = templates.anniversary({ milestone: 'firstOrder' });
 * ```
 */
export function anniversary(options: AnniversaryOptions = {}): RuleBuilder {
  const channel = options.channel ?? 'email';
  const milestone = options.milestone ?? 'signedUp';
  return base('anniversary', options, { channel, priority: 10 })
    .describe(`On the anniversary of ${milestone}`)
    .when(cond.anniversary(`milestones.${milestone}`).eq(0), cond.since(milestone).gte(360), mayMarket(channel))
    .cooldown(300, 'days');
}
