/**
 * @internal A bounded set of recently seen `messageId`s (insertion order; the oldest is
 * forgotten first). Used to drop retried deliveries across customers; each customer state also
 * remembers its own recent ids (see `DEDUPE_WINDOW` in `@retain/core`).
 */
export class MessageIdWindow {
  readonly #ids = new Set<string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    if (this.#capacity === 0) return;
    this.#ids.delete(id);
    this.#ids.add(id);
    while (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next();
      if (oldest.done === true) break;
      this.#ids.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
