/**
 * Decoded values keyed by the exact wire bytes they were decoded from. Exporters send the same attribute
 * sets and histogram layouts in every export, so an identical byte range gives back the same frozen value
 * without decoding it again (and consumers may key on its identity). Bounded: emptied when full.
 * O(length of the range) per lookup.
 * Example: `const key = cache.keyOf(buf, a, b); cache.get(key) ?? cache.add(key, decode())`.
 */
export class WireBytesCache<T extends object> {
  private readonly values = new Map<string, Readonly<T>>();

  constructor(private readonly maxEntries: number) {}

  /** The cache key of `buf[start, stop)`. */
  keyOf(buf: Buffer, start: number, stop: number): string {
    return buf.toString('latin1', start, stop);
  }

  get(key: string): Readonly<T> | undefined {
    return this.values.get(key);
  }

  /** Freezes and keeps `value` under `key`, emptying the cache first when it is full; returns the frozen value. */
  add(key: string, value: T): Readonly<T> {
    if (this.values.size >= this.maxEntries) this.values.clear();
    const frozen = Object.freeze(value);
    this.values.set(key, frozen);
    return frozen;
  }
}
