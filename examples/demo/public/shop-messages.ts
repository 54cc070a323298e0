/**
 * The shop's in-context messages: shown in the page by `@retain/browser`, decided from the
 * customer's state folded locally. Content is plain text (the renderer never parses HTML).
 */
import type { InContextMessageDefinition } from '@retain/browser';
import type { RetainEvent } from '@retain/core';

const npsOf = (event: RetainEvent | null): number | undefined => {
  if (event?.type !== 'track' || event.event !== 'Feedback Given') return undefined;
  const nps = event.properties?.['nps'];
  return typeof nps === 'number' ? nps : undefined;
};

/** The in-context messages of the demo shop. */
export const IN_CONTEXT_MESSAGES: readonly InContextMessageDefinition[] = [
  {
    id: 'feedback-sorry',
    when: (_state, event) => {
      const nps = npsOf(event);
      return nps !== undefined && nps <= 6;
    },
    placement: 'banner',
    priority: 20,
    frequency: { perSession: 2, maxDismissals: 3 },
    content: {
      title: 'We hear you.',
      body: 'Thank you for telling us. A person on our team reads every low score and will get back to you.',
      actions: [{ label: 'OK', dismiss: true }],
    },
  },
  {
    id: 'feedback-thanks',
    when: (_state, event) => {
      const nps = npsOf(event);
      return nps !== undefined && nps >= 7;
    },
    placement: 'toast',
    priority: 20,
    frequency: { perSession: 2 },
    content: { title: 'Thank you!', body: 'Glad you like it here. Happy brewing.', actions: [{ label: 'Close', dismiss: true }] },
  },
  {
    id: 'welcome-back-cart',
    when: (state, event) =>
      (event === null || event.type === 'page') &&
      (state.actions['Shop Left']?.count ?? 0) > 0 &&
      (state.funnels['checkout']?.furthestIndex ?? -1) >= 1 &&
      state.funnels['checkout']?.completed !== true,
    placement: 'toast',
    priority: 10,
    frequency: { perSession: 1, maxDismissals: 2 },
    content: {
      title: 'Welcome back!',
      body: 'Your cart is still here, saved for you.',
      actions: [{ label: 'See my cart', href: '/#cart-title' }, { label: 'Not now', dismiss: true }],
    },
  },
  {
    id: 'free-shipping',
    when: (state, event) => event?.type === 'track' && event.event === 'Product Added' && (state.actions['Product Added']?.count ?? 0) === 1,
    placement: { anchor: '#cart-title' },
    priority: 5,
    frequency: { perSession: 1, maxDismissals: 1 },
    content: { title: 'Free shipping over $50', body: 'Your first item is in the cart.', actions: [{ label: 'Got it', dismiss: true }] },
  },
];
