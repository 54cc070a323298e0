/**
 * The demo shop page used by the CSP end-to-end test and the screenshot script: the real
 * `createRetain()` client, with `retain.inContextMessage()` loading the messages chunk lazily.
 * Served by `demo-server.ts` under a strict Content-Security-Policy.
 */
import { createRetain, type InContextMessageDefinition, type MessagePlacement } from '@retain/browser';

declare global {
  interface Window {
    demo: { show(placement: string): Promise<void>; violations: string[] };
  }
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

const retain = createRetain({ endpoint: `${location.origin}/v1/batch`, batch: { intervalMs: 50 } });
retain.page('Cart');

const added = (_: unknown, event: { type: string; event?: string } | null) => event?.type === 'track' && event.event === 'Product Added';

const MESSAGES: Record<string, Omit<InContextMessageDefinition, 'placement'> & { placement: MessagePlacement }> = {
  banner: {
    id: 'trial-ending',
    when: added,
    placement: 'banner',
    content: { title: 'Your trial ends in 3 days', body: 'Pick a plan to keep your projects and history.', actions: [{ label: 'Choose a plan', href: '/pricing' }, { label: 'Later', dismiss: true }] },
  },
  'banner-bottom': {
    id: 'free-shipping',
    when: added,
    placement: 'banner-bottom',
    content: { title: 'Free shipping over $50', body: 'You are $12 away.', actions: [{ label: 'Keep shopping', href: '/shop' }] },
  },
  modal: {
    id: 'cart-nudge',
    // A condition shipped as data, in the condition language shared with the rules engine.
    when: { event: 'event', op: 'eq', value: 'Product Added' },
    placement: 'modal',
    content: {
      title: 'Still thinking it over?',
      body: { rich: 'Your cart is **saved for 7 days**. Questions? [Read our returns policy](/returns).' },
      actions: [{ label: 'Back to cart', href: '/cart' }, { label: 'Not now', dismiss: true }],
    },
    score: { value: 'high', effort: 'low', relevantTo: ['Product Added'] },
  },
  toast: {
    id: 'saved-for-later',
    when: added,
    placement: 'toast',
    content: { title: 'Saved to your cart', body: 'We will keep it for 7 days.', actions: [{ label: 'View cart', href: '/cart' }, { label: 'Dismiss', dismiss: true }] },
  },
  anchor: {
    id: 'cart-tip',
    when: added,
    placement: { anchor: '#cart-button' },
    content: { title: 'Your cart is waiting', body: '2 items, saved for 7 days.', actions: [{ label: 'Check out', href: '/checkout' }] },
  },
  inline: {
    id: 'also-loved',
    when: added,
    placement: { inline: '#recommendations' },
    content: { title: 'Customers who bought this also loved', body: 'The linen apron and the oak spoon set.', actions: [{ label: 'See them', href: '/picks' }] },
  },
};

window.demo = {
  violations,
  async show(placement) {
    const message = MESSAGES[placement];
    if (message === undefined) throw new Error(`no demo message for ${placement}`);
    await retain.inContextMessage(message);
    retain.track('Product Added', { product_id: 'apron-1' });
    await retain.flush();
  },
};
