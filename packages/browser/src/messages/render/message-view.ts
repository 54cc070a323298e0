import type { MessageAction } from '../message-definition.js';
import type { MessageSpec } from '../message-schema.js';
import { followAnchor } from './anchor-position.js';
import { deepActiveElement, focusables, trapFocus } from './focus.js';
import type { RichParagraph } from './rich-text.js';
import { messageStyleSheet } from './styles.js';

/** @internal What a rendered message reports back to the messenger. */
export interface ViewEvents {
  /** An action was chosen (a link, a dismissal, or a plain action). */
  action(action: MessageAction, index: number): void;
  /** Closed by the × button or Escape. */
  close(via: 'close-button' | 'escape'): void;
}

/** @internal A message on the page. */
export interface MessageView {
  readonly host: HTMLElement;
  /** Removes the message (and, for a modal, returns focus where it was). Idempotent. */
  remove(): void;
}

/**
 * @internal Renders a message in its own shadow root, at its placement. Every piece of content is
 * set as text (`textContent`, `createTextNode`); links only get URLs already checked.
 *
 * @returns The view, or `null` when the placement's target (anchor, inline slot) is not on the page.
 */
export function renderMessage(doc: Document, spec: MessageSpec, events: ViewEvents): MessageView | null {
  const p = spec.placement;
  const target = p.kind === 'inline' || p.kind === 'anchor' ? doc.querySelector(p.selector) : doc.body;
  if (target === null) return null;

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    node.className = className;
    node.setAttribute('part', className.split(' ')[0] as string);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const host = doc.createElement('div');
  host.dataset['retainMessage'] = spec.id;
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [messageStyleSheet()];

  const modal = p.kind === 'modal';
  const card = modal ? el('dialog', 'msg modal') : el('section', `msg ${p.kind}`);
  card.setAttribute('aria-labelledby', 'retain-title');
  if (modal) card.setAttribute('aria-modal', 'true');
  if (p.kind !== 'inline' && !modal) card.setAttribute('aria-live', 'polite');

  const close = el('button', 'close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', spec.content.closeLabel ?? 'Dismiss');
  close.addEventListener('click', () => events.close('close-button'));

  const title = el(modal ? 'h2' : 'div', 'title', spec.content.title);
  title.id = 'retain-title';
  const parts: HTMLElement[] = [close, title];
  if (spec.body.length > 0) {
    const body = el('div', 'body');
    body.id = 'retain-body';
    if (modal) card.setAttribute('aria-describedby', 'retain-body');
    for (const paragraph of spec.body) body.append(renderParagraph(doc, paragraph));
    parts.push(body);
  }
  const actions = spec.content.actions ?? [];
  if (actions.length > 0) {
    const bar = el('div', 'actions');
    actions.forEach((action, index) => {
      const primary = index === 0 && action.dismiss !== true ? ' primary' : '';
      let node: HTMLAnchorElement | HTMLButtonElement;
      if (action.href !== undefined) {
        node = el('a', `action${primary}`, action.label);
        node.href = action.href;
      } else {
        node = el('button', `action${primary}`, action.label);
        node.type = 'button';
      }
      node.addEventListener('click', () => events.action(action, index));
      bar.append(node);
    });
    parts.push(bar);
  }

  let removed = false;
  let stopFollowing = (): void => {};
  const returnFocusTo = modal ? deepActiveElement(doc) : null;

  // Escape dismisses: the modal below, a banner, toast or callout while focus is inside it.
  if (!modal) card.addEventListener('keydown', (event) => event.key === 'Escape' && events.close('escape'));
  if (modal) {
    const dialog = card as HTMLDialogElement;
    dialog.append(...parts);
    dialog.addEventListener('keydown', trapFocus(dialog, root));
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      events.close('escape');
    });
    // Escape handled by the browser (close watcher) still dismisses, through the same path.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      events.close('escape');
    });
    root.append(dialog);
    doc.body.append(host);
    dialog.showModal();
    (focusables(dialog)[0] ?? dialog).focus();
  } else if (p.kind === 'inline') {
    card.append(...parts);
    root.append(card);
    target.append(host);
  } else {
    // Live region first, content on the next frame: screen readers announce changes to a region
    // that already exists.
    root.append(card);
    card.hidden = p.kind === 'anchor';
    doc.body.append(host);
    doc.defaultView?.requestAnimationFrame(() => {
      if (removed) return;
      card.append(...parts);
      if (p.kind === 'anchor') stopFollowing = followAnchor(doc, p.selector, card, root);
    });
  }

  return {
    host,
    remove() {
      if (removed) return;
      removed = true;
      stopFollowing();
      if (modal && (card as HTMLDialogElement).open) (card as HTMLDialogElement).close();
      host.remove();
      if (returnFocusTo instanceof HTMLElement && returnFocusTo.isConnected) returnFocusTo.focus({ preventScroll: true });
    },
  };
}

function renderParagraph(doc: Document, paragraph: RichParagraph): HTMLParagraphElement {
  const p = doc.createElement('p');
  for (const run of paragraph) {
    switch (run.kind) {
      case 'text':
        p.append(doc.createTextNode(run.text));
        break;
      case 'br':
        p.append(doc.createElement('br'));
        break;
      case 'link': {
        const a = doc.createElement('a');
        a.href = run.href;
        a.textContent = run.text;
        p.append(a);
        break;
      }
      default: {
        const node = doc.createElement(run.kind);
        node.textContent = run.text;
        p.append(node);
      }
    }
  }
  return p;
}
