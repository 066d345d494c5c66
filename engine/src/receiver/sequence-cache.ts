/** A cached value, what a guess is checked against, and the entry used right after it last time. */
export interface SequenceEntry<T extends object, M> {
  readonly value: Readonly<T>;
  /** What the caller compares the input with when this entry is guessed (wire bytes, keys and values...). */
  readonly match: M;
  next: SequenceEntry<T, M> | undefined;
}

/**
 * Decoded values shared by key: exporters send the same attribute sets and histogram layouts in every export,
 * so an input seen before gives back the same frozen value without decoding it again (and consumers may key on
 * its identity). They also send them in the same order, so the cache remembers which entry was used after which:
 * `guess()` is the entry that followed the last one used, which the caller checks against the input (cheaper
 * than building and hashing the key) before falling back to `get(key)`. Bounded: emptied when full, and the
 * order is forgotten with it, so links between entries never keep emptied ones alive.
 * O(1) per call, plus the key's hash in `get` and `add`.
 * Example: `const g = c.guess(); const e = g && same(g.match) ? g : (c.get(k) ?? c.add(k, decode(), match)); use(c.use(e))`.
 */
export class SequenceCache<T extends object, M> {
  private readonly entries = new Map<string, SequenceEntry<T, M>>();
  private last: SequenceEntry<T, M> | undefined;

  constructor(private readonly maxEntries: number) {}

  /** The entry used after the last one used, last time (undefined when none or after the cache was emptied). */
  guess(): SequenceEntry<T, M> | undefined {
    return this.last?.next;
  }

  get(key: string): SequenceEntry<T, M> | undefined {
    return this.entries.get(key);
  }

  /** Freezes `value` and keeps it under `key` with `match`, emptying the cache first when it is full. */
  add(key: string, value: T, match: M): SequenceEntry<T, M> {
    if (this.entries.size >= this.maxEntries) {
      this.entries.clear();
      this.last = undefined;
    }
    const entry: SequenceEntry<T, M> = { value: Object.freeze(value), match, next: undefined };
    this.entries.set(key, entry);
    return entry;
  }

  /** Records that `entry` is used now (after the previous one) and returns its value. */
  use(entry: SequenceEntry<T, M>): Readonly<T> {
    if (this.last !== undefined) this.last.next = entry;
    this.last = entry;
    return entry.value;
  }
}
