/**
 * A small bundled TypeScript app: Retain waits for consent, then tracks a signup funnel and
 * shows what it knows about the customer.
 */
import { createRetain, HttpError, KnownEvent } from './retain.js';

const retain = createRetain({
  endpoint: `${location.origin}/v1/batch`,
  writeKey: 'wk_bundled_example',
  requireConsent: true,
  batch: { intervalMs: 500 },
});

retain.on('error', (error) => {
  if (error instanceof HttpError) console.warn(`collector refused ${error.events.length} events (${error.status})`);
  else console.warn(error.message);
});

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render(): void {
  const state = retain.state();
  const funnel = state.funnels['onboarding'];
  $('consent-status').textContent = retain.consent();
  $('funnel').textContent = funnel ? `${funnel.furthestStep} (step ${funnel.furthestIndex + 1} of 3${funnel.completed ? ', done' : ''})` : 'not started';
  $('events').textContent = String(state.eventCount);
  $('queued').textContent = String(retain.stats().queued);
}
retain.subscribe(render);
retain.on('delivered', render);
render();

$('accept').addEventListener('click', () => {
  retain.setConsent(true);
  render();
});
$('decline').addEventListener('click', () => {
  retain.setConsent(false);
  render();
});

retain.page('Onboarding');

const steps = ['Account', 'Profile', 'Invite team'] as const;
steps.forEach((step, index) => {
  $(`step-${index}`).addEventListener('click', () => {
    retain.track(KnownEvent.FunnelStepReached, { funnel: 'onboarding', step, step_index: index, final: index === steps.length - 1 });
    if (index === 0) retain.track(KnownEvent.SignedUp, { method: 'email' });
  });
});
