/**
 * The demo shop's page script. Uses the real `@retain/browser` bundle (`/retain.min.js`, global
 * `Retain`): tracks what the customer does, shows in-context messages, and shows the backend's
 * decisions as they stream in (Server-Sent Events). All DOM is built with `textContent`.
 */
import type * as RetainBrowser from '@retain/browser';
import type { Retain as RetainClient } from '@retain/browser';
import type { DecisionView } from '../decision-hub.js';
import { IN_CONTEXT_MESSAGES } from './shop-messages.js';

declare const Retain: typeof RetainBrowser;

const WRITE_KEY = 'wk_demo_shop';
const CUSTOMER_KEY = 'retain-demo:customer';
const CART_KEY = 'retain-demo:cart';
const CONSENT_KEY = 'retain-demo:consent';

interface Product {
  id: string;
  name: string;
  price: number;
  category: string;
}

const PRODUCTS: readonly Product[] = [
  { id: 'p-espresso', name: 'Espresso beans, 1 kg', price: 24, category: 'coffee' },
  { id: 'p-grinder', name: 'Burr grinder', price: 89, category: 'gear' },
  { id: 'p-kettle', name: 'Gooseneck kettle', price: 45, category: 'gear' },
  { id: 'p-filters', name: 'Paper filters (100)', price: 6, category: 'coffee' },
];
const NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Edsger', 'Frances'];

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} is missing from the page`);
  return node as T;
};
const money = (n: number) => `$${n.toFixed(2)}`;

function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

// ---------------------------------------------------------------------------------------------
// The customer (a demo identity, remembered in this browser only after consent).

interface DemoCustomer {
  id: string;
  name: string;
}

function newCustomer(): DemoCustomer {
  const name = NAMES[Math.floor(Math.random() * NAMES.length)] ?? 'Ada';
  return { id: `shopper-${crypto.randomUUID().slice(0, 8)}`, name };
}

function loadCustomer(): DemoCustomer | undefined {
  try {
    const raw = localStorage.getItem(CUSTOMER_KEY);
    const parsed: unknown = raw === null ? undefined : JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as DemoCustomer).id === 'string' && typeof (parsed as DemoCustomer).name === 'string') {
      return parsed as DemoCustomer;
    }
  } catch {
    // unreadable: start over
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The cart (kept in localStorage so that it survives leaving and coming back).

function loadCart(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(CART_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => PRODUCTS.some((p) => p.id === id)) : [];
  } catch {
    return [];
  }
}

let cart: string[] = [];
let consented = false;

function saveCart(): void {
  if (consented) localStorage.setItem(CART_KEY, JSON.stringify(cart));
}

function renderCart(): void {
  const list = $('cart-items');
  list.replaceChildren(
    ...cart.map((id) => {
      const product = PRODUCTS.find((p) => p.id === id);
      return make('li', product === undefined ? id : `${product.name} — ${money(product.price)}`);
    }),
  );
  $('cart-count').textContent = String(cart.length);
  $('cart-total').textContent = money(cartTotal());
}

const cartTotal = () => cart.reduce((sum, id) => sum + (PRODUCTS.find((p) => p.id === id)?.price ?? 0), 0);

// ---------------------------------------------------------------------------------------------
// The live panel of backend decisions.

function showDecision(view: DecisionView, mine: string): void {
  if (view.customerId !== mine) return;
  const item = make('li', undefined, `decision ${view.allowed ? 'allowed' : 'refused'}`);
  item.dataset['rule'] = view.rule;
  const head = make('div');
  head.append(make('span', view.allowed ? 'ALLOWED' : 'REFUSED', 'verdict'), document.createTextNode(` ${view.rule} → ${view.messageId} (${view.channel})`));
  const meta = make('div', `after “${view.trigger}” at ${new Date(view.at).toLocaleTimeString()}`, 'hint');
  const reasons = make('ul', undefined, 'reasons');
  reasons.append(...view.reasons.map((r) => make('li', r)));
  item.append(head, meta, reasons);
  $('decisions').append(item);
}

function connectPanel(customerId: string): void {
  const status = $('panel-status');
  const source = new EventSource(`/api/decisions?customer=${encodeURIComponent(customerId)}`);
  source.addEventListener('open', () => (status.textContent = 'connected: waiting for decisions'));
  source.addEventListener('error', () => (status.textContent = 'disconnected: retrying…'));
  source.addEventListener('decision', (event) => {
    try {
      showDecision(JSON.parse((event as MessageEvent<string>).data) as DecisionView, customerId);
    } catch {
      status.textContent = 'received an unreadable decision';
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The shop.

function start(retain: RetainClient, customer: DemoCustomer): void {
  $('customer-name').textContent = customer.name;
  $('customer-id').textContent = customer.id;
  for (const definition of IN_CONTEXT_MESSAGES) void retain.inContextMessage(definition);
  retain.identify(customer.id, { name: customer.name });
  retain.page('Shop');

  const catalog = $('catalog');
  catalog.replaceChildren(
    ...PRODUCTS.map((product) => {
      const item = make('li');
      item.dataset['product'] = product.id;
      const view = make('button', 'View');
      view.type = 'button';
      view.addEventListener('click', () => {
        retain.track('Product Viewed', { product_id: product.id, name: product.name, price: product.price, category: product.category });
        view.textContent = 'Viewed ✓';
      });
      const add = make('button', 'Add to cart');
      add.type = 'button';
      add.className = 'add-to-cart';
      add.addEventListener('click', () => {
        cart.push(product.id);
        saveCart();
        renderCart();
        retain.track('Product Added', { product_id: product.id, name: product.name, price: product.price, quantity: 1, cart_size: cart.length });
        retain.track('Funnel Step Reached', { funnel: 'checkout', step: 'cart', step_index: 1 });
        void retain.flush();
      });
      item.append(make('div', product.name), make('div', money(product.price), 'price'), view, document.createTextNode(' '), add);
      return item;
    }),
  );

  $('checkout').addEventListener('click', () => {
    if (cart.length === 0) return;
    const revenue = cartTotal();
    retain.track('Funnel Step Reached', { funnel: 'checkout', step: 'paid', step_index: 2, final: true });
    retain.track('Order Completed', { order_id: `o-${crypto.randomUUID().slice(0, 8)}`, revenue, currency: 'USD', products: cart.length });
    cart = [];
    saveCart();
    renderCart();
    void retain.flush();
  });

  $('leave').addEventListener('click', () => {
    retain.track('Shop Left', { cart_size: cart.length, cart_value: cartTotal() });
    void retain.flush().then(() => {
      location.assign('/?returning=1');
    });
  });

  const nps = $('nps');
  nps.replaceChildren(
    ...Array.from({ length: 11 }, (_, score) => {
      const button = make('button', String(score));
      button.type = 'button';
      button.setAttribute('aria-label', `Score ${score}`);
      button.addEventListener('click', () => {
        const comment = $<HTMLInputElement>('feedback-comment').value.trim();
        retain.track('Feedback Given', comment === '' ? { nps: score } : { nps: score, comment });
        $('feedback-status').textContent = `Thanks: you gave ${score}/10.`;
        void retain.flush();
      });
      return button;
    }),
  );

  $('new-customer').addEventListener('click', () => {
    localStorage.removeItem(CUSTOMER_KEY);
    localStorage.removeItem(CART_KEY);
    retain.reset();
    location.assign('/');
  });

  connectPanel(customer.id);
}

function main(): void {
  const retain = Retain.createRetain({ endpoint: '/v1/batch', writeKey: WRITE_KEY, requireConsent: true, batch: { intervalMs: 300 } });
  cart = loadCart();
  renderCart();
  const consentBox = $('consent');
  const begin = () => {
    consented = true;
    consentBox.hidden = true;
    const customer = loadCustomer() ?? newCustomer();
    localStorage.setItem(CUSTOMER_KEY, JSON.stringify(customer));
    start(retain, customer);
  };
  // The client does not remember consent across page loads: the app (its consent banner) does.
  if (localStorage.getItem(CONSENT_KEY) === 'granted') {
    retain.setConsent(true);
    begin();
    return;
  }
  consentBox.hidden = false;
  $('consent-accept').addEventListener('click', () => {
    localStorage.setItem(CONSENT_KEY, 'granted');
    retain.setConsent(true);
    begin();
    // The consent itself is an event: the backend's send checks read it from the customer state.
    retain.track('Consent Changed', { purpose: 'analytics', granted: true });
    retain.track('Consent Changed', { purpose: 'email', granted: $<HTMLInputElement>('consent-email').checked });
  });
  $('consent-decline').addEventListener('click', () => {
    retain.setConsent(false);
    consentBox.hidden = true;
    $('customer-name').textContent = 'anonymous (nothing recorded)';
  });
}

main();
