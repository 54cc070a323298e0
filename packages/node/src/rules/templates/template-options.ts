import type { Channel, JsonObject } from '@retain/core';
import { rule, type RuleBuilder } from '../builder.js';

/**
 * Options every template accepts.
 *
 * @example
 * ```ts
 * import type { TemplateOptions } from '@retain/node';
 * const options: TemplateOptions = { id: 'winback-vip', channel: 'sms', priority: 20 };
 * ```
 */
export interface TemplateOptions {
  /** The rule id. @default the template's name */
  id?: string;
  /** The channel to respond on. @default per template */
  channel?: Channel;
  /** The campaign. @default the template's name */
  campaign?: string;
  /** The message (template) key. @default the campaign */
  message?: string;
  /** Extra payload for the delivery. */
  payload?: JsonObject;
  /** Rule priority. @default per template */
  priority?: number;
}

/** @internal Starts a template rule with its id, action and priority. */
export function base(name: string, options: TemplateOptions, defaults: { channel: Channel; priority: number; payload?: JsonObject }): RuleBuilder {
  const campaign = options.campaign ?? name;
  const payload = { ...defaults.payload, ...options.payload };
  return rule(options.id ?? name)
    .send({
      campaign,
      channel: options.channel ?? defaults.channel,
      ...(options.message === undefined ? {} : { message: options.message }),
      ...(Object.keys(payload).length === 0 ? {} : { payload }),
    })
    .priority(options.priority ?? defaults.priority);
}
