import { describe, expect, it } from 'vitest';
import { WireBytesCache } from '../../src/receiver/wire-bytes-cache';

describe('WireBytesCache', () => {
  const wire = Buffer.from('..abc..abd..xyz..');
  // Ranges: [2, 5) = "abc", [7, 10) = "abd", [12, 15) = "xyz".

  it('finds a value by its bytes, with or without a guess, and takes a guess only when its bytes are equal', () => {
    const cache = new WireBytesCache<{ v: string }>(10);
    const abc = cache.add(wire, 2, 5, { v: 'abc' });
    const abd = cache.add(wire, 7, 10, { v: 'abd' }); // abd came after abc
    expect(cache.find(wire, 2, 5)).toBe(abc); // no guess after abd: the map
    expect(cache.find(wire, 7, 10)).toBe(abd); // guessed: abd followed abc
    expect(cache.find(wire, 2, 5)).toBe(abc);
    expect(cache.find(wire, 2, 5)).toBe(abc); // guess is abd (same length, one byte differs): the map
    expect(cache.find(wire, 2, 4)).toBeUndefined(); // a prefix is not the entry
    expect(cache.find(wire, 12, 15)).toBeUndefined();
    expect(Object.isFrozen(abc)).toBe(true);
  });

  it('keeps its own copy of the bytes (a request body is reused or freed after decoding)', () => {
    const cache = new WireBytesCache<{ v: string }>(10);
    const body = Buffer.from(wire);
    cache.add(body, 2, 5, { v: 'abc' });
    const abd = cache.add(body, 7, 10, { v: 'abd' });
    body.fill(0);
    expect(cache.find(wire, 2, 5)?.v).toBe('abc');
    expect(cache.find(wire, 7, 10)).toBe(abd); // the guess, compared with its own bytes
    cache.find(wire, 2, 5);
    expect(cache.find(body, 7, 10)).toBeUndefined(); // the guess is abd: zeros are not its bytes
  });

  it('once emptied, forgets which entry followed which, so that links keep nothing alive', () => {
    const cache = new WireBytesCache<{ v: string }>(2);
    cache.add(wire, 2, 5, { v: 'abc' });
    cache.add(wire, 7, 10, { v: 'abd' }); // abd follows abc
    const xyz = cache.add(wire, 12, 15, { v: 'xyz' }); // full: emptied first
    expect(cache.find(wire, 12, 15)).toBe(xyz);
    expect(cache.find(wire, 7, 10)).toBeUndefined();
    expect(cache.find(wire, 2, 5)).toBeUndefined();
    expect(cache.find(wire, 7, 10)).toBeUndefined(); // not guessed from the emptied abc
  });
});
