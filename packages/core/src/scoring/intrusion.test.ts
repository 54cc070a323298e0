import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../events/channels.js';
import { CHANNEL_INTRUSION, intrusionRank, isLowIntrusion, lessIntrusiveChannels } from './intrusion.js';

describe('the medium intrusion scale (DOMAIN.md §3)', () => {
  it.each([
    ['in_context', 'zero', true],
    ['banner', 'low', true],
    ['email', 'high', false],
    ['direct_mail', 'high', false],
    ['push', 'very_high', false],
    ['sms', 'very_high', false],
  ] as const)('%s is %s intrusion (low-intrusion medium: %s)', (channel, level, low) => {
    expect(CHANNEL_INTRUSION[channel]).toBe(level);
    expect(isLowIntrusion(channel)).toBe(low);
  });

  it('covers every channel and ranks them from website content to SMS', () => {
    expect(Object.keys(CHANNEL_INTRUSION).sort()).toEqual([...CHANNELS].sort());
    expect(CHANNELS.map(intrusionRank)).toEqual([0, 1, 2, 2, 3, 3]);
  });

  it('lists strictly less intrusive channels, nearest first', () => {
    expect(lessIntrusiveChannels('sms')).toEqual(['email', 'direct_mail', 'banner', 'in_context']);
    expect(lessIntrusiveChannels('push')).not.toContain('sms');
    expect(lessIntrusiveChannels('direct_mail')).toEqual(['banner', 'in_context']);
    expect(lessIntrusiveChannels('in_context')).toEqual([]);
  });
});
