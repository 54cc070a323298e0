/**
 * @internal Which user an anonymous visitor became: `anonymousId → userId`, learnt from events
 * that carry both (the first link wins, as in `foldByCustomer`). Bounded (the oldest links are
 * forgotten first) and per process.
 */
export class IdentityLinks {
  readonly #links = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** Remembers that `anonymousId` is `userId`, unless it is already linked. */
  link(anonymousId: string, userId: string): void {
    if (this.#capacity === 0 || this.#links.has(anonymousId)) return;
    this.#links.set(anonymousId, userId);
    while (this.#links.size > this.#capacity) {
      const oldest = this.#links.keys().next();
      if (oldest.done === true) break;
      this.#links.delete(oldest.value);
    }
  }

  userOf(anonymousId: string): string | undefined {
    return this.#links.get(anonymousId);
  }
}
