/** Test helpers to reach a rendered message (its host element and open shadow root). */
export function messageHost(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-retain-message="${CSS.escape(id)}"]`);
}

export function messageRoot(id: string): ShadowRoot | null {
  return messageHost(id)?.shadowRoot ?? null;
}

/** An element inside a rendered message (throws when absent, for readable failures). */
export function inMessage<T extends Element = HTMLElement>(id: string, selector: string): T {
  const el = messageRoot(id)?.querySelector<T>(selector);
  if (el === null || el === undefined) throw new Error(`no ${selector} in message ${id}`);
  return el;
}

/** The buttons and links of a message, by visible text. */
export function actionNamed(id: string, label: string): HTMLElement {
  const found = [...(messageRoot(id)?.querySelectorAll<HTMLElement>('a,button') ?? [])].find((el) => el.textContent === label);
  if (found === undefined) throw new Error(`no action "${label}" in message ${id}`);
  return found;
}

export const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** Waits until message `id` is rendered with its content (live placements fill on the next frame). */
export async function whenShown(id: string, timeoutMs = 2000): Promise<ShadowRoot> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const root = messageRoot(id);
    if (root?.querySelector('.title') != null) return root;
    if (performance.now() > until) throw new Error(`message ${id} was not shown within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
