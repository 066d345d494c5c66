import { createHash, type Hash } from 'node:crypto';

const scratch = new Float64Array(1024);

function feed(hash: Hash, value: unknown): void {
  if (value === null || value === undefined) {
    hash.update('n');
    return;
  }
  if (typeof value === 'number') {
    // -0 and 0 hash alike; NaN has one bit pattern in a Float64Array write.
    scratch[0] = value === 0 ? 0 : value;
    hash.update('d');
    hash.update(new Uint8Array(scratch.buffer, 0, 8));
    return;
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    hash.update(`s${bytes.length}:`);
    hash.update(bytes);
    return;
  }
  if (typeof value === 'boolean') {
    hash.update(value ? 't' : 'f');
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number')) {
      // Sample arrays: the IEEE-754 bytes, in chunks (no decimal formatting, which dominates otherwise).
      hash.update(`D${value.length}:`);
      for (let start = 0; start < value.length; start += scratch.length) {
        const end = Math.min(value.length, start + scratch.length);
        for (let i = start; i < end; i++) {
          const v = value[i] as number;
          scratch[i - start] = v === 0 ? 0 : v;
        }
        hash.update(new Uint8Array(scratch.buffer, 0, (end - start) * 8));
      }
      return;
    }
    hash.update(`a${value.length}:`);
    for (const item of value) feed(hash, item);
    return;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    hash.update(`o${entries.length}:`);
    for (const [k, v] of entries) {
      feed(hash, k);
      feed(hash, v);
    }
    return;
  }
  throw new TypeError(`canonicalDigest: unsupported value of type ${typeof value}`);
}

/**
 * sha256 (hex) of a JSON-like value in a canonical binary encoding: object keys sorted, `undefined`
 * members dropped, numbers as IEEE-754 bytes (so `-0` equals `0` and no decimal formatting is needed),
 * every string and container length-prefixed so distinct values cannot collide by concatenation.
 * O(size); sample arrays are hashed as raw bytes, about 10x faster than hashing `canonicalJson`.
 */
export function canonicalDigest(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value);
  return hash.digest('hex');
}
