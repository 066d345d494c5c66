import { describe, expect, it } from 'vitest';
import type { FlagSummary } from '../src/core/flag-summary';
import { compactCount, escapeMarkdown, inlineStatus, stateText, telemetryText } from '../src/core/format-status';
import { DEFAULT_SETTINGS, readSettings } from '../src/core/settings';
import { rolloutOf, sourceLiteral, targetingText, verdictOf } from '../src/core/to-summaries';

describe('settings', () => {
  it('keeps valid values and normalizes the engine URL', () => {
    const raw: Record<string, unknown> = {
      engineUrl: ' http://127.0.0.1:4318/ ',
      definitionFiles: ['flags/*.json', ''],
      inlineStyle: 'codeLens',
      'staleness.lifetimes': { release: 30, 'kill-switch': null, bad: -1, worse: 'x' },
      'staleness.rolledOutDays': 3,
    };
    const settings = readSettings((key) => raw[key]);
    expect(settings.engineUrl).toBe('http://127.0.0.1:4318');
    expect(settings.definitionFiles).toEqual(['flags/*.json']);
    expect(settings.inlineStyle).toBe('codeLens');
    expect(settings.lifetimes).toEqual({ release: 30, 'kill-switch': null });
    expect(settings.rolledOutDays).toBe(3);
    expect(settings.noEvaluationDays).toBe(DEFAULT_SETTINGS.noEvaluationDays);
  });

  it('falls back to defaults for malformed values and refuses non-HTTP engine URLs', () => {
    const raw: Record<string, unknown> = {
      engineUrl: 'file:///etc/passwd',
      definitionFiles: 'flags.json',
      inlineStyle: 'banner',
      'staleness.rolledOutDays': 2.5,
      configFile: '   ',
    };
    const settings = readSettings((key) => raw[key]);
    expect(settings.engineUrl).toBeNull();
    expect(settings.definitionFiles).toEqual(DEFAULT_SETTINGS.definitionFiles);
    expect(settings.inlineStyle).toBe('decoration');
    expect(settings.rolledOutDays).toBe(7);
    expect(settings.configFile).toBe('aviary.config.json');
    expect(readSettings(() => undefined).engineUrl).toBeNull();
  });
});

describe('status text', () => {
  it('compacts counts', () => {
    expect([999, 1000, 1049, 10124, 1_500_000].map(compactCount)).toEqual(['999', '1k', '1k', '10.1k', '1.5M']);
  });

  it('describes the served state from the definition', () => {
    const base = {
      file: 'f.json',
      line: 1,
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: null,
    };
    expect(stateText({ ...base, state: 'DISABLED', rollout: null })).toBe('off');
    expect(stateText({ ...base, state: 'ENABLED', rollout: null })).toBe('on: false');
    expect(
      stateText({
        ...base,
        state: 'ENABLED',
        rollout: [
          { variant: 'on', percent: 100 / 3 },
          { variant: 'off', percent: 200 / 3 },
        ],
      }),
    ).toBe('on: 33.3% on / 66.7% off');
    expect(stateText({ ...base, state: 'ENABLED', rollout: null, targeting: 'rules using if, ==' })).toBe(
      'on: targeted, default off',
    );
  });

  it('orders telemetry by count', () => {
    expect(telemetryText({ byVariant: { off: 10, on: 2500 }, total: 2510, lastSeen: null })).toBe(
      '2.5k evals/24h (on 2.5k, off 10)',
    );
    expect(telemetryText({ byVariant: { on: 7 }, total: 7, lastSeen: null })).toBe('7 evals/24h');
  });

  it('marks a stale flag whose value to keep is undecided without inventing one', () => {
    const summary: FlagSummary = {
      key: 'k',
      category: 'stale',
      type: 'release',
      definition: null,
      references: [],
      telemetry: null,
      verdict: { verdict: 'no-go', reason: 'errors up' },
      stale: { reason: 'expired', keepValue: null },
      suggestion: null,
      ageDays: null,
    };
    expect(inlineStatus(summary)).toBe('⚑ k: ✗ no-go · ⚠ stale');
  });

  it('escapes Markdown from files', () => {
    expect(escapeMarkdown('a_b *c* [x](y)')).toBe('a\\_b \\*c\\* \\[x\\]\\(y\\)');
  });
});

describe('definition and engine adapters', () => {
  it('finds fractional rollouts anywhere in the targeting', () => {
    expect(
      rolloutOf({
        fractional: [
          ['a', 1],
          ['b', 3],
        ],
      }),
    ).toEqual([
      { variant: 'a', percent: 25 },
      { variant: 'b', percent: 75 },
    ]);
    const nested = {
      if: [{ '==': [{ var: 'tier' }, 'gold'] }, 'on', { fractional: [{ var: 'id' }, ['on', 10], ['off', 90]] }],
    } as Parameters<typeof rolloutOf>[0];
    expect(rolloutOf(nested)).toEqual([
      { variant: 'on', percent: 10 },
      { variant: 'off', percent: 90 },
    ]);
    expect(rolloutOf(undefined)).toBeNull();
    expect(targetingText(nested)).toBe('fractional rollout 10% on / 90% off; rules using if, ==');
    expect(targetingText({})).toBeNull();
  });

  it('writes values as JavaScript literals and normalizes verdicts', () => {
    expect([true, 3, "it's", { a: 1 }].map(sourceLiteral)).toEqual(['true', '3', "'it\\'s'", '{"a":1}']);
    expect(verdictOf({ decision: 'NO-GO', reason: 'r' })).toEqual({ verdict: 'no-go', reason: 'r' });
    expect(verdictOf({ decision: 'maybe' })).toBeNull();
    expect(verdictOf(null)).toBeNull();
  });
});
