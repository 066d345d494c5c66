import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson } from '../../src/analysis/index';

describe('canonicalDigest', () => {
  it('ignores key order and undefined members, and equates -0 with 0', () => {
    expect(canonicalDigest({ a: 1, b: [1, 2], c: undefined })).toBe(canonicalDigest({ b: [1, 2], a: 1 }));
    expect(canonicalDigest([0, 1])).toBe(canonicalDigest([-0, 1]));
    expect(canonicalDigest({ x: -0 })).toBe(canonicalDigest({ x: 0 }));
  });

  it('separates values that concatenate alike or differ only in type', () => {
    const values: unknown[] = [
      ['ab', 'c'],
      ['a', 'bc'],
      [1, 2],
      [[1], [2]],
      [1],
      ['1'],
      '1',
      1,
      true,
      null,
      [],
      {},
      { a: [] },
      { a: null },
    ];
    const digests = values.map(canonicalDigest);
    expect(new Set(digests).size).toBe(values.length);
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes long sample arrays in chunks without losing any element', () => {
    const long = Array.from({ length: 5000 }, (_, i) => i * 0.5);
    const changed = [...long];
    changed[4321] = 1e-300;
    expect(canonicalDigest(long)).not.toBe(canonicalDigest(changed));
    expect(canonicalDigest(long)).toBe(canonicalDigest([...long]));
  });

  it('equal canonical JSON means equal digest (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = JSON.parse(canonicalJson(value));
        expect(canonicalDigest(copy)).toBe(canonicalDigest(value));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys, writes -0 as 0 and tags non-finite numbers', () => {
    expect(canonicalJson({ b: [1, -0], a: { d: 1, c: undefined } })).toBe('{"a":{"d":1},"b":[1,0]}');
    expect(canonicalJson([Number.NaN, Number.POSITIVE_INFINITY])).toBe('[{"$number":"NaN"},{"$number":"Infinity"}]');
  });
});
