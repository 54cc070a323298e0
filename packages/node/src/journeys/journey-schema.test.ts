import { cond } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { journey } from './builder.js';
import { InvalidJourneyError } from './invalid-journey-error.js';
import type { JourneyJson } from './journey.js';
import { parseJourney } from './journey-schema.js';
import { journeyTemplates } from './journey-templates.js';

const base = (steps: unknown[], extra: object = {}) => ({ id: 'j', entry: { event: 'Signed Up' }, steps, ...extra });
const err = (input: unknown, options = {}) => {
  try {
    parseJourney(input, options);
  } catch (e) {
    if (e instanceof InvalidJourneyError) return { path: e.path, message: e.message };
    throw e;
  }
  return undefined;
};

describe('parseJourney: errors at definition time, with the step path', () => {
  it('a step pointing nowhere', () => {
    expect(err(base([{ id: 'a', type: 'send', message: 'm', channel: 'email', next: 'nowhere' }]))).toEqual({
      path: 'journey.steps[0].next',
      message: 'Invalid journey at journey.steps[0].next: points to "nowhere", which is not a step of this journey',
    });
    expect(err(base([{ id: 'b', type: 'branch', branches: [{ when: { consent: 'email' }, next: 'x' }] }]))?.path).toBe('journey.steps[0].branches[0].next');
  });

  it('a cycle with no wait, naming the steps', () => {
    const e = err(base([
      { id: 'a', type: 'send', message: 'm', channel: 'email' },
      { id: 'b', type: 'branch', branches: [{ when: { consent: 'email' }, next: 'a' }], otherwise: 'c' },
      { id: 'c', type: 'exit' },
    ]));
    expect(e?.message).toMatch(/the steps a → b → a form a cycle with no wait/);
    // The same loop through a wait is fine.
    expect(
      err(base([
        { id: 'a', type: 'send', message: 'm', channel: 'email' },
        { id: 'w', type: 'wait', for: { value: 1, unit: 'days' } },
        { id: 'b', type: 'branch', branches: [{ when: { consent: 'email' }, next: 'a' }], otherwise: 'c' },
        { id: 'c', type: 'exit' },
      ])),
    ).toBeUndefined();
  });

  it('an unknown message, when a catalogue is given', () => {
    expect(err(base([{ id: 'a', type: 'send', message: 'welcom', channel: 'email' }]), { messages: ['welcome'] })).toMatchObject({ path: 'journey.steps[0].message' });
  });

  it('a wait for an event that may never come, without a timeout', () => {
    expect(err(base([{ id: 'w', type: 'wait', untilEvent: { event: 'Order Completed' } }]))).toMatchObject({ path: 'journey.steps[0].timeout', message: expect.stringMatching(/needs a timeout/) });
    expect(err(base([{ id: 'w', type: 'wait', until: { consent: 'email' } }]))?.path).toBe('journey.steps[0].timeout');
  });

  it('bad fields, duplicate ids and bad conditions', () => {
    expect(err(base([{ id: 'a', type: 'teleport' }]))?.path).toBe('journey.steps[0].type');
    expect(err(base([{ id: 'a', type: 'send', message: 'm', channel: 'pigeon' }]))?.path).toBe('journey.steps[0].channel');
    expect(err(base([{ id: 'a', type: 'exit' }, { id: 'a', type: 'exit' }]))?.message).toMatch(/steps\[1\]\.id: "a" is already the id of steps\[0\]/);
    expect(err(base([{ id: 'b', type: 'branch', branches: [{ when: { since: 'lastVisit', op: 'about', value: 3 }, next: 'b2' }] }, { id: 'b2', type: 'exit' }]))?.path).toMatch(/^journey\.steps\[0\]\.branches\[0\]\.when/);
    expect(err({ id: 'j', entry: {}, steps: [{ id: 'a', type: 'exit' }] })?.path).toBe('journey.entry');
    expect(err(base([{ id: 's', type: 'split', arms: [{ name: 'a', weight: 1, holdout: true }, { name: 'b', weight: 1, holdout: true }] }]))?.path).toBe('journey.steps[0].arms');
  });

  it('the builder gives the same JSON the schema takes, and validates', () => {
    const built = journey('welcome')
      .on('Signed Up')
      .send('hello', { message: 'welcome', channel: 'email' })
      .waitFor('order', 'Order Completed', { timeout: { value: 7, unit: 'days' }, onTimeout: 'nudge', next: 'end' })
      .send('nudge', { message: 'nudge', channel: 'email' })
      .exit('end')
      .exitWhen('unsubscribed', cond.optedOut('email'))
      .toJSON();
    expect(parseJourney(JSON.parse(JSON.stringify(built)))).toEqual(built);
    expect(() => journey('bad').on('Signed Up').send('a', { message: 'm', channel: 'email', next: 'zz' }).toJSON()).toThrow(/journey\(bad\)\.steps\[0\]\.next/);
  });

  it('every ready-made journey is valid and survives a JSON round trip', () => {
    for (const make of Object.values(journeyTemplates)) {
      const j = (make as () => JourneyJson)();
      expect(parseJourney(JSON.parse(JSON.stringify(j)))).toEqual(j);
    }
  });
});
