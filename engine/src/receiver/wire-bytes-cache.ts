/** A cached value, the exact wire bytes it was decoded from, and the entry that came after it last time. */
export interface WireBytesEntry<T extends object> {
  readonly value: Readonly<T>;
  readonly bytes: Buffer;
  /** Which filling of the cache it belongs to (a guess from before the last emptying is not taken). */
  readonly generation: number;
  /** The entry looked up right after this one last time: the caller's guess for the next lookup. */
  next: WireBytesEntry<T> | undefined;
}

/**
 * Decoded values keyed by the exact wire bytes they were decoded from. Exporters send the same attribute
 * sets and histogram layouts in every export, so an identical byte range gives back the same frozen value
 * without decoding it again (and consumers may key on its identity). They also send them in the same order,
 * so a caller passes a guess (usually `previous.next`): when its bytes are the range's, one `memcmp` finds the
 * entry; otherwise the range is hashed as a map key. Bounded: emptied when full; guesses from before are then
 * refused, so that entries' `next` links cannot keep emptied entries alive.
 * O(length of the range) per lookup, with a much smaller constant when the guess is right.
 * Example: `const e = cache.lookup(buf, a, b, last?.next) ?? cache.add(buf, a, b, decode()); if (last) last.next = e;`
 */
export class WireBytesCache<T extends object> {
  private readonly entries = new Map<string, WireBytesEntry<T>>();
  private generation = 0;

  constructor(private readonly maxEntries: number) {}

  /** The entry whose bytes are `buf[start, stop)`: `guess` when its bytes are equal, else the map's, else undefined. */
  lookup(buf: Buffer, start: number, stop: number, guess?: WireBytesEntry<T>): WireBytesEntry<T> | undefined {
    if (
      guess !== undefined &&
      guess.generation === this.generation &&
      guess.bytes.length === stop - start &&
      buf.compare(guess.bytes, 0, guess.bytes.length, start, stop) === 0
    ) {
      return guess;
    }
    return this.entries.get(buf.toString('latin1', start, stop));
  }

  /** Freezes `value` and keeps it under the bytes `buf[start, stop)` (copied), emptying the cache first when it is full. */
  add(buf: Buffer, start: number, stop: number, value: T): WireBytesEntry<T> {
    if (this.entries.size >= this.maxEntries) {
      this.entries.clear();
      this.generation += 1;
    }
    const entry: WireBytesEntry<T> = {
      value: Object.freeze(value),
      bytes: Buffer.from(buf.subarray(start, stop)),
      generation: this.generation,
      next: undefined,
    };
    this.entries.set(buf.toString('latin1', start, stop), entry);
    return entry;
  }
}
