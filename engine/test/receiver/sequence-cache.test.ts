import { describe, expect, it } from 'vitest';
import { SequenceCache } from '../../src/receiver/sequence-cache';

describe('SequenceCache', () => {
  it('guesses the entry used after the last one used, last time, and shares one frozen value per key', () => {
    const cache = new SequenceCache<{ v: string }, string>(10);
    const a = cache.add('a', { v: 'a' }, 'match-a');
    const b = cache.add('b', { v: 'b' }, 'match-b');
    expect(cache.guess()).toBeUndefined();
    expect(cache.use(a)).toBe(a.value);
    expect(cache.use(b)).toBe(b.value);
    cache.use(a);
    expect(cache.guess()).toBe(b);
    expect(cache.guess()?.match).toBe('match-b');
    expect(cache.get('a')).toBe(a);
    expect(Object.isFrozen(a.value)).toBe(true);
  });

  it('forgets the order when it is emptied: no guess leads to an entry from before', () => {
    const cache = new SequenceCache<{ v: string }, string>(2);
    const a = cache.add('a', { v: 'a' }, 'a');
    cache.use(a);
    cache.use(cache.add('b', { v: 'b' }, 'b'));
    cache.use(a); // b followed a
    const c = cache.add('c', { v: 'c' }, 'c'); // full: emptied first
    expect(cache.guess()).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    cache.use(c);
    expect(cache.guess()).toBeUndefined();
  });
});
