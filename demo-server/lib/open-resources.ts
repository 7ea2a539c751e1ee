/**
 * Registry of everything that keeps the server busy after a request arrived: held long-polls,
 * SSE and NDJSON streams, delayed answers. `close()` drains it so tests can exit promptly
 * instead of waiting for a stream that would otherwise run forever.
 */
export class OpenResources {
  readonly #cleanups = new Set<() => void>();

  /** Registers a cleanup; returns a function that unregisters it (call when finished normally). */
  add(cleanup: () => void): () => void {
    this.#cleanups.add(cleanup);
    return () => {
      this.#cleanups.delete(cleanup);
    };
  }

  get size(): number {
    return this.#cleanups.size;
  }

  /** Runs every pending cleanup once. Cleanups may unregister themselves while we iterate. */
  closeAll(): void {
    const pending = [...this.#cleanups];
    this.#cleanups.clear();
    for (const cleanup of pending) cleanup();
  }
}
