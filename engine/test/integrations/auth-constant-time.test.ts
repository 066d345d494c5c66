import type * as Crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findToken } from '../../src/api/auth/authorize';
import type { ApiToken } from '../../src/api/auth/token-file';

/**
 * `findToken` must decide through `crypto.timingSafeEqual`, on equal-length
 * inputs, comparing every configured token whatever the outcome. This file
 * replaces `node:crypto`'s `timingSafeEqual` with a spy that calls the real one
 * (or, in one test, overrides its answer) to observe the comparisons.
 */
const compared = vi.hoisted(() => ({ override: null as boolean | null }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  return {
    ...real,
    timingSafeEqual: vi.fn((a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) =>
      compared.override === null ? real.timingSafeEqual(a, b) : compared.override,
    ),
  };
});
const { timingSafeEqual } = await import('node:crypto');
const spy = vi.mocked(timingSafeEqual);

const tokens: ApiToken[] = [
  { name: 'argo', scope: 'read', token: 'a'.repeat(32) },
  { name: 'flagger', scope: 'write', token: 'f'.repeat(40) },
  { name: 'ci', scope: 'write', token: 'c'.repeat(64) },
];

afterEach(() => {
  spy.mockClear();
  compared.override = null;
});

describe('constant-time token comparison', () => {
  it.each([
    ['the first token', 'a'.repeat(32), 'argo'],
    ['the last token', 'c'.repeat(64), 'ci'],
    ['a prefix of a token', 'a'.repeat(31), null],
    ['a token of another length', 'x'.repeat(7), null],
    ['an empty credential', '', null],
  ])('compares %s with every configured token through timingSafeEqual, on equal lengths', (_, presented, found) => {
    expect(findToken(tokens, presented)?.name ?? null).toBe(found);
    // No short-circuit: one comparison per token, whether the first matches, a later one does, or none.
    expect(spy).toHaveBeenCalledTimes(tokens.length);
    for (const [a, b] of spy.mock.calls) {
      expect(a.byteLength).toBe(b.byteLength);
      expect(a.byteLength).toBe(32);
    }
  });

  it('takes its answer from timingSafeEqual, not from another comparison', () => {
    compared.override = false;
    expect(findToken(tokens, 'a'.repeat(32))).toBeNull();
    compared.override = true;
    // Every comparison "matches": the first configured token wins, and all are still compared.
    expect(findToken(tokens, 'not-a-configured-token')?.name).toBe('argo');
    expect(spy).toHaveBeenCalledTimes(2 * tokens.length);
  });
});
