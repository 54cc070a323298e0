import { describe, expect, it } from 'vitest';
import { checkSend } from './check-send.js';
import { defaultPolicy } from './send-policy.js';
import { customer } from './test-customers.js';
import { isValidTimeZone, localMinuteOfDay } from './time-zones.js';

describe('local time in the customer’s IANA time zone', () => {
  it('follows daylight saving time, not a fixed offset', () => {
    // 12:00 UTC is 08:00 in New York in July (EDT, UTC−4) and 07:00 in December (EST, UTC−5).
    expect(localMinuteOfDay('America/New_York', Date.parse('2026-07-01T12:00:00Z'))).toBe(8 * 60);
    expect(localMinuteOfDay('America/New_York', Date.parse('2026-12-01T12:00:00Z'))).toBe(7 * 60);
    expect(localMinuteOfDay('Asia/Kolkata', Date.parse('2026-12-01T12:00:00Z'))).toBe(17 * 60 + 30);
    expect(localMinuteOfDay('UTC', Date.parse('2026-12-01T00:00:00Z'))).toBe(0);
  });

  it('so quiet hours (until 08:00) end at 12:00 UTC in summer and 13:00 UTC in winter', () => {
    const sms = { id: 'm', channel: 'sms', value: 'high', relevance: 'high' } as const;
    const summer = Date.parse('2026-07-01T12:00:00Z');
    const winter = Date.parse('2026-12-01T12:00:00Z');
    expect(checkSend(customer('ny', summer, ['sms'], { timezone: 'America/New_York' }), sms, defaultPolicy, summer).allowed).toBe(true);
    const d = checkSend(customer('ny', winter, ['sms'], { timezone: 'America/New_York' }), sms, defaultPolicy, winter);
    expect(d.allowed ? null : d.suggestion?.at).toBe(Date.parse('2026-12-01T13:00:00Z'));
  });

  it('knows real time zones and rejects made-up ones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(localMinuteOfDay('Mars/Olympus', 0)).toBeNull();
  });
});
