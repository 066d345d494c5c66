import { describe, expect, it } from 'vitest';
import { requiredScope } from '../../src/api/auth/auth-middleware';
import { authorize, findToken } from '../../src/api/auth/authorize';
import { checkBindAddress, isLoopbackHost } from '../../src/api/auth/bind-guard';
import { createRateLimiter } from '../../src/api/auth/rate-limiter';
import { parseTokenFile } from '../../src/api/auth/token-file';

const READ = 'r'.repeat(32);
const WRITE = 'w'.repeat(32);
const file = `tokens:\n  - name: argo\n    scope: read\n    token: ${READ}\n  - name: ci\n    scope: write\n    token: ${WRITE}\n`;

describe('token file', () => {
  it('parses read and write tokens', () => {
    const parsed = parseTokenFile(file);
    expect(parsed).toEqual({
      ok: true,
      tokens: [
        { name: 'argo', scope: 'read', token: READ },
        { name: 'ci', scope: 'write', token: WRITE },
      ],
    });
  });

  it('names the file, line and field of a mistake', () => {
    const bad = parseTokenFile('tokens:\n  - name: argo\n    scope: admin\n    token: short\n', 'tokens.yaml');
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/^tokens\.yaml:3:12: tokens\[0\]\.scope: /) });
    const short = parseTokenFile('tokens:\n  - name: argo\n    scope: read\n    token: short\n', 'tokens.yaml');
    expect(short).toEqual({
      ok: false,
      message: expect.stringMatching(/^tokens\.yaml:4:12: tokens\[0\]\.token: .*16/),
    });
    expect(parseTokenFile('tokens: [\n', 't.yaml')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^t\.yaml:\d+:\d+: /),
    });
    expect(
      parseTokenFile(
        `tokens:\n  - {name: a, scope: read, token: ${READ}}\n  - {name: b, scope: write, token: ${READ}}\n`,
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('duplicate'),
    });
  });
});

describe('authorize', () => {
  const parsed = parseTokenFile(file);
  if (!parsed.ok) throw new Error(parsed.message);
  const tokens = parsed.tokens;
  const none = new URLSearchParams();

  it('allows everything when no tokens are configured (loopback-only server)', () => {
    expect(authorize([], 'write', undefined, none)).toEqual({ ok: true, token: null });
  });
  it('rejects a missing token with 401 and a Bearer challenge', () => {
    expect(authorize(tokens, 'read', undefined, none)).toMatchObject({
      ok: false,
      status: 401,
      headers: { 'www-authenticate': expect.any(String) },
    });
  });
  it('rejects a wrong token with 401, including a prefix of a real one', () => {
    expect(authorize(tokens, 'read', `Bearer ${'x'.repeat(32)}`, none)).toMatchObject({ ok: false, status: 401 });
    expect(authorize(tokens, 'read', `Bearer ${READ.slice(0, 31)}`, none)).toMatchObject({ ok: false, status: 401 });
    expect(authorize(tokens, 'read', `Basic ${READ}`, none)).toMatchObject({ ok: false, status: 401 });
  });
  it('rejects a read-only token on a write endpoint with 403', () => {
    expect(authorize(tokens, 'write', `Bearer ${READ}`, none)).toMatchObject({
      ok: false,
      status: 403,
      message: expect.stringContaining('read-only'),
    });
  });
  it('accepts read tokens for reads and write tokens for both, by header or access_token', () => {
    expect(authorize(tokens, 'read', `Bearer ${READ}`, none)).toMatchObject({ ok: true, token: { name: 'argo' } });
    expect(authorize(tokens, 'read', `bearer ${WRITE}`, none)).toMatchObject({ ok: true, token: { name: 'ci' } });
    expect(authorize(tokens, 'write', undefined, new URLSearchParams({ access_token: WRITE }))).toMatchObject({
      ok: true,
    });
  });
  it('finds the right token (how it compares: auth-constant-time.test.ts)', () => {
    expect(findToken(tokens, WRITE)?.name).toBe('ci');
    expect(findToken(tokens, '')).toBeNull();
  });
});

describe('required scope per route', () => {
  it('needs write for ingest, analysis changes and gates that act; read for queries and pure judging', () => {
    const scope = (method: 'GET' | 'POST' | 'DELETE', path: string) => requiredScope({ method, path });
    expect(scope('POST', '/v1/metrics')).toBe('write');
    expect(scope('POST', '/api/analyses')).toBe('write');
    expect(scope('DELETE', '/api/analyses/:id')).toBe('write');
    expect(scope('POST', '/api/gates/flagger')).toBe('write');
    expect(scope('POST', '/judge')).toBe('read');
    expect(scope('GET', '/api/verdict')).toBe('read');
    expect(scope('GET', '/healthz')).toBeNull();
  });
});

describe('bind guard', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
    expect(checkBindAddress(host, 0)).toBeNull();
  });
  it.each(['0.0.0.0', '::', '10.0.0.5', 'example.com'])('%s needs tokens', (host) => {
    expect(checkBindAddress(host, 0)).toMatch(/refusing to listen on .* without API tokens/);
    expect(checkBindAddress(host, 1)).toBeNull();
  });
});

describe('rate limiter', () => {
  it('allows a burst, then refuses with Retry-After, then refills', () => {
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('a', t).ok)).toEqual([true, true, true]);
    expect(limiter.take('a', t)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b', t).ok).toBe(true);
    expect(limiter.take('a', t + 500).ok).toBe(true);
    expect(limiter.take('a', t + 500).ok).toBe(false);
  });
  it('keeps at most maxClients buckets', () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 1, maxClients: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0);
    // `a` was evicted, so it starts with a full bucket again.
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('c', 0).ok).toBe(false);
  });
});
