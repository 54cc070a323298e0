const GAP = 8;
const MARGIN = 8;

/**
 * @internal Keeps `card` (position: fixed) next to the element matching `selector`: below it, or above
 * when there is no room; re-placed on scroll, resize, DOM changes and layout changes (the anchor's
 * or the page's size) — one update per frame;
 * hidden while the anchor is out of the viewport or gone. Coordinates go through a constructable
 * stylesheet rule (CSP-safe: no style attribute).
 *
 * @returns A function that stops following.
 */
export function followAnchor(doc: Document, selector: string, card: HTMLElement, root: ShadowRoot): () => void {
  const win = doc.defaultView as Window;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('.anchor{top:0;left:0}');
  const rule = sheet.cssRules[0] as CSSStyleRule;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  let anchor: Element | null = null;
  let frame = 0;

  const place = (): void => {
    frame = 0;
    if (anchor === null || !anchor.isConnected) {
      anchor = doc.querySelector(selector);
      if (anchor !== null) sizes.observe(anchor);
    }
    const r = anchor?.getBoundingClientRect();
    const vw = win.innerWidth;
    const vh = win.innerHeight;
    const visible = r !== undefined && (r.width > 0 || r.height > 0) && r.bottom > 0 && r.top < vh && r.right > 0 && r.left < vw;
    card.hidden = !visible;
    if (!visible) return;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    const below = r.bottom + GAP;
    const top = below + h <= vh - MARGIN || r.top - GAP - h < MARGIN ? below : r.top - GAP - h;
    const left = Math.min(Math.max(r.left + r.width / 2 - w / 2, MARGIN), Math.max(MARGIN, vw - w - MARGIN));
    card.dataset['side'] = top === below ? 'bottom' : 'top';
    rule.style.setProperty('top', `${Math.round(top)}px`);
    rule.style.setProperty('left', `${Math.round(left)}px`);
  };
  const schedule = (): void => {
    if (frame === 0) frame = win.requestAnimationFrame(place);
  };
  const sizes = new ResizeObserver(schedule);
  sizes.observe(doc.body);
  const observer = new MutationObserver(schedule);
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'hidden'] });
  win.addEventListener('scroll', schedule, { capture: true, passive: true });
  win.addEventListener('resize', schedule, { passive: true });
  place();
  return () => {
    observer.disconnect();
    sizes.disconnect();
    win.removeEventListener('scroll', schedule, { capture: true });
    win.removeEventListener('resize', schedule);
    if (frame !== 0) win.cancelAnimationFrame(frame);
  };
}
