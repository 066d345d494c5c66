import { describe, expect, it } from 'vitest';
import { WireBytesCache } from '../../src/receiver/wire-bytes-cache';

describe('WireBytesCache', () => {
  const wire = Buffer.from('..abc..abd..xyz..');
  // Ranges: [2, 5) = "abc", [7, 10) = "abd", [12, 15) = "xyz".

  it('finds an entry by its bytes, with or without a guess, and takes a guess only when its bytes are equal', () => {
    const cache = new WireBytesCache<{ v: string }>(10);
    const abc = cache.add(wire, 2, 5, { v: 'abc' });
    const abd = cache.add(wire, 7, 10, { v: 'abd' });
    expect(cache.lookup(wire, 2, 5)).toBe(abc);
    expect(cache.lookup(wire, 2, 5, abc)).toBe(abc);
    expect(cache.lookup(wire, 2, 5, abd)).toBe(abc); // same length, one byte differs: found in the map
    expect(cache.lookup(wire, 2, 4, abc)).toBeUndefined(); // a prefix is not the entry
    expect(cache.lookup(wire, 12, 15, abc)).toBeUndefined();
    expect(Object.isFrozen(abc.value)).toBe(true);
  });

  it('keeps its own copy of the bytes (a request body is reused or freed after decoding)', () => {
    const cache = new WireBytesCache<{ v: string }>(10);
    const body = Buffer.from(wire);
    const abc = cache.add(body, 2, 5, { v: 'abc' });
    body.fill(0);
    expect(cache.lookup(wire, 2, 5, abc)).toBe(abc);
    expect(cache.lookup(body, 2, 5, abc)).toBeUndefined();
  });

  it('once emptied, refuses guesses from before, so that links between entries keep nothing alive', () => {
    const cache = new WireBytesCache<{ v: string }>(2);
    const abc = cache.add(wire, 2, 5, { v: 'abc' });
    const abd = cache.add(wire, 7, 10, { v: 'abd' });
    abc.next = abd;
    const xyz = cache.add(wire, 12, 15, { v: 'xyz' }); // full: emptied first
    expect(cache.lookup(wire, 12, 15)).toBe(xyz);
    expect(cache.lookup(wire, 7, 10, abc.next)).toBeUndefined();
    expect(cache.lookup(wire, 2, 5, abc)).toBeUndefined();
  });
});
