/** @internal The focused element, looking through open shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** @internal The elements of `container` reachable with Tab, in order. */
export function focusables(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('a[href],button:not([disabled])')].filter((el) => !el.closest('[hidden]'));
}

/**
 * @internal Keeps Tab and Shift+Tab inside `container` (a modal dialog): from the last element Tab
 * goes to the first, from the first Shift+Tab goes to the last.
 */
export function trapFocus(container: HTMLElement, root: ShadowRoot): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Tab') return;
    const items = focusables(container);
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    const active = root.activeElement;
    const inside = active !== null && container.contains(active);
    if (event.shiftKey ? active === first || !inside : active === last || !inside) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };
}
