import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/code/did-you-mean';
import type { FlagReference } from '../../src/code/flag-reference';
import { constantVariant, parseFlagdDefinitions } from '../../src/code/flagd-definitions';
import type { LiveFlagStatus } from '../../src/code/live-status';
import { defaultConfig } from '../../src/code/load-config';
import { assessStaleness, literalValue } from '../../src/code/staleness';

const NOW = Date.parse('2026-11-23T00:00:00Z');
const DAY = 86_400_000;
const config = defaultConfig().staleness;

function ref(key: string | null, defaultValue: string | null, line = 1): FlagReference {
  return {
    key,
    keyText: `'${key}'`,
    file: 'src/a.ts',
    line,
    column: 3,
    endLine: line,
    endColumn: 40,
    call: 'client.getBooleanValue',
    sdk: 'openfeature',
    valueKind: 'boolean',
    defaultValue,
    enclosingFunction: 'f',
    isTest: false,
    start: 0,
    end: 10,
  };
}

const flagd = JSON.stringify(
  {
    flags: {
      'rolled-out': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      'turned-off': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      'half-half': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { fractional: [{ var: 'user.id' }, ['on', 50], ['off', 50]] },
      },
      'all-blue': {
        state: 'ENABLED',
        variants: { blue: 'blue', green: 'green' },
        defaultVariant: 'green',
        targeting: {
          fractional: [
            ['blue', 100],
            ['green', 0],
          ],
        },
      },
      'kill-it': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', metadata: { type: 'kill-switch' } },
      'old-release': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ in: ['beta', { var: 'groups' }] }, 'on', 'off'] },
        metadata: { createdAt: '2026-09-01', type: 'release' },
      },
      'ops-toggle': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ var: 'x' }, 'on', 'off'] },
        metadata: { createdAt: '2026-11-10', type: 'operational' },
      },
      'will-expire': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ var: 'x' }, 'on', 'off'] },
        metadata: { expiresAt: '2026-11-01' },
      },
      'never-used': {
        state: 'ENABLED',
        variants: { a: 'a', b: 'b' },
        defaultVariant: 'a',
        targeting: { if: [true, 'a', 'b'] },
      },
    },
  },
  null,
  2,
);
const definitions = parseFlagdDefinitions(flagd, 'flags/flags.json');

function live(
  key: string,
  recent: Record<string, number>,
  firstSeenDaysAgo: number,
  lastSeenDaysAgo = 0,
): LiveFlagStatus {
  return {
    key,
    firstSeen: NOW - firstSeenDaysAgo * DAY,
    lastSeen: NOW - lastSeenDaysAgo * DAY,
    total: recent,
    recent,
    windowFrom: NOW - 7 * DAY,
    verdict: null,
  };
}

describe('flagd definitions', () => {
  it('reads flags with the line of each key', () => {
    expect(definitions.map((d) => d.key)).toContain('rolled-out');
    expect(definitions.find((d) => d.key === 'rolled-out')).toMatchObject({
      file: 'flags/flags.json',
      line: 3,
      state: 'ENABLED',
    });
    expect(definitions.find((d) => d.key === 'turned-off')?.line).toBe(11);
  });

  it('tells which definitions serve one variant offline', () => {
    const byKey = new Map(definitions.map((d) => [d.key, d]));
    expect(constantVariant(byKey.get('rolled-out')!)).toEqual({ variant: 'on', why: 'no targeting' });
    expect(constantVariant(byKey.get('all-blue')!)?.variant).toBe('blue');
    expect(constantVariant(byKey.get('half-half')!)).toBeUndefined();
  });

  it('rejects invalid files with file, line and field', () => {
    const bad = '{\n  "flags": {\n    "x": { "state": "ON", "variants": { "a": 1 } }\n  }\n}';
    expect(() => parseFlagdDefinitions(bad, 'f.json')).toThrow(/f\.json:3: flags\.x\.state: /);
    expect(() => parseFlagdDefinitions('{ "flags": ', 'g.json')).toThrow(/g\.json:1:\d+: /);
    const wrongDefault = '{"flags": {"y": {"state": "ENABLED", "variants": {"a": 1}, "defaultVariant": "b"}}}';
    expect(() => parseFlagdDefinitions(wrongDefault, 'h.json')).toThrow(
      /defaultVariant: "b" is not one of the variants \(a\)/,
    );
  });
});

describe('assessStaleness', () => {
  const references = [
    ref('rolled-out', 'false'),
    ref('turned-off', 'false', 2),
    ref('half-half', 'false', 3),
    ref('all-blue', "'green'", 4),
    ref('kill-it', 'false', 5),
    ref('old-release', 'false', 6),
    ref('ops-toggle', 'false', 7),
    ref('will-expire', 'false', 8),
    ref('rolled-ot', 'true', 9),
    ref('commented', 'false', 10),
    ref(null, 'false', 11),
  ];
  const report = assessStaleness({
    references,
    definitions,
    expiries: [{ key: 'commented', date: '2026-10-01', file: 'src/a.ts', line: 9 }],
    config,
    now: NOW,
  });
  const flag = (key: string) => report.flags.find((f) => f.key === key);
  const codes = (key: string) => flag(key)?.reasons.map((r) => r.code);

  it('explains definitions that serve one value, with the value to keep', () => {
    expect(flag('rolled-out')?.reasons).toEqual([
      {
        code: 'fully-rolled-out',
        message: 'ENABLED in flags/flags.json:3 with no targeting: everyone gets "on"; keep true (variant "on")',
        keep: { value: true, variant: 'on', source: 'definition' },
      },
    ]);
    expect(flag('all-blue')?.reasons[0]?.keep).toEqual({ value: 'blue', variant: 'blue', source: 'definition' });
    expect(flag('turned-off')?.reasons[0]).toMatchObject({
      code: 'disabled',
      keep: { value: false, source: 'code-default' },
    });
    expect(flag('half-half')?.stale).toBe(false);
  });

  it('never calls permanent flag types stale for being rolled out', () => {
    expect(flag('kill-it')).toMatchObject({ type: 'kill-switch', stale: false, reasons: [] });
  });

  it('applies per-type lifetimes from metadata.createdAt', () => {
    expect(flag('old-release')?.reasons[0]?.message).toMatch(
      /^release flag is 83 days old, past its expected lifetime of 40 days/,
    );
    expect(codes('ops-toggle')).toEqual(['lifetime-exceeded']);
    const longer = assessStaleness({
      references,
      definitions,
      config: { ...config, lifetimes: { ...config.lifetimes, operational: 30 } },
      now: NOW,
    });
    expect(longer.flags.find((f) => f.key === 'ops-toggle')?.stale).toBe(false);
  });

  it('reports expiry from metadata and from @flag-expires comments', () => {
    expect(flag('will-expire')?.reasons[0]).toMatchObject({ code: 'expired', since: '2026-11-01', keep: null });
    expect(flag('commented')?.reasons.map((r) => r.code)).toContain('expired');
  });

  it('reports flags referenced but not defined, with a suggestion, and flags never referenced', () => {
    expect(flag('rolled-ot')).toMatchObject({ didYouMean: 'rolled-out' });
    expect(flag('rolled-ot')?.reasons[0]).toMatchObject({
      code: 'undefined-flag',
      keep: { value: true, source: 'code-default' },
    });
    expect(flag('never-used')?.reasons).toEqual([
      expect.objectContaining({
        code: 'unreferenced',
        keep: null,
        message: expect.stringContaining('safe to archive'),
      }),
    ]);
    expect(report.unresolved).toHaveLength(1);
  });

  it('uses telemetry: one variant served for the whole window, and no evaluations for N days', () => {
    const withLive = assessStaleness({
      references,
      definitions,
      live: new Map([
        ['half-half', live('half-half', { on: 1200, off: 0 }, 30)],
        ['ops-toggle', live('ops-toggle', {}, 60, 45)],
        ['old-release', live('old-release', { on: 5, off: 7 }, 90)],
      ]),
      config,
      now: NOW,
    });
    const status = (key: string) => withLive.flags.find((f) => f.key === key);
    expect(status('half-half')?.reasons).toEqual([
      {
        code: 'fully-rolled-out',
        message: 'only variant "on" was served in the last 7 days (1200 evaluations); keep true (variant "on")',
        keep: { value: true, variant: 'on', source: 'telemetry' },
        since: '2026-11-16',
      },
    ]);
    expect(status('ops-toggle')?.reasons.map((r) => r.code)).toContain('no-evaluations');
    expect(status('rolled-out')?.reasons.map((r) => r.code)).toContain('no-evaluations');
    expect(status('old-release')?.reasons.map((r) => r.code)).toEqual(['lifetime-exceeded']);
  });

  it('does not call a flag rolled out before it has been seen for the whole window', () => {
    const young = assessStaleness({
      references: [ref('half-half', 'false')],
      definitions: [],
      live: new Map([['half-half', live('half-half', { on: 50 }, 3)]]),
      config,
      now: NOW,
    });
    expect(young.flags[0]?.stale).toBe(false);
  });
});

describe('helpers', () => {
  it('reads literal defaults', () => {
    expect(literalValue("'on'")).toBe('on');
    expect(literalValue('"a\\"b"')).toBe('a"b');
    expect(literalValue('-3.5')).toBe(-3.5);
    expect(literalValue('{ "a": 1 }')).toEqual({ a: 1 });
    expect(literalValue('someVar')).toBeUndefined();
  });

  it('suggests close keys', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('newCheckout', ['new-checkout', 'other'])).toBe('new-checkout');
    expect(didYouMean('new-chekout', ['new-checkout', 'other'])).toBe('new-checkout');
    expect(didYouMean('zzz', ['new-checkout'])).toBeUndefined();
  });
});
