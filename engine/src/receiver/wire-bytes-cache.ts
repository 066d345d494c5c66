import { SequenceCache } from './sequence-cache';

/**
 * Decoded values keyed by the exact wire bytes they were decoded from (a `SequenceCache`): an identical byte range
 * gives back the same frozen value without decoding it again. The range is first compared with the bytes of the
 * guessed entry (one `memcmp`), and hashed as a map key only when that is not it. Entries keep a copy of their
 * bytes: a request body is gone after decoding.
 * O(length of the range) per call, with a much smaller constant when the guess is right.
 * Example: `const attributes = cache.find(buf, a, b) ?? cache.add(buf, a, b, decode(buf, a, b))`.
 */
export class WireBytesCache<T extends object> {
  private readonly cache: SequenceCache<T, Buffer>;

  constructor(maxEntries: number) {
    this.cache = new SequenceCache(maxEntries);
  }

  /** The value decoded before from bytes equal to `buf[start, stop)`, or undefined. */
  find(buf: Buffer, start: number, stop: number): Readonly<T> | undefined {
    const guess = this.cache.guess();
    const entry =
      guess !== undefined &&
      guess.match.length === stop - start &&
      buf.compare(guess.match, 0, guess.match.length, start, stop) === 0
        ? guess
        : this.cache.get(buf.toString('latin1', start, stop));
    return entry === undefined ? undefined : this.cache.use(entry);
  }

  /** Keeps `value`, decoded from `buf[start, stop)`, frozen; returns it. */
  add(buf: Buffer, start: number, stop: number, value: T): Readonly<T> {
    const key = buf.toString('latin1', start, stop);
    return this.cache.use(this.cache.add(key, value, Buffer.from(buf.subarray(start, stop))));
  }
}
