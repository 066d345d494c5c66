import { describe, expect, it } from 'vitest';
import { parseSplitArg, parseTimeArg } from '../../src/cli/commands/verdict';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('parseTimeArg', () => {
  it('reads now, relative, ISO and Unix milliseconds', () => {
    expect(parseTimeArg('now', NOW)).toBe(NOW);
    expect(parseTimeArg('-15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseTimeArg('-1h30m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseTimeArg('-2d', NOW)).toBe(NOW - 2 * 86_400_000);
    expect(parseTimeArg('2026-11-23T08:00:00Z', NOW)).toBe(Date.parse('2026-11-23T08:00:00Z'));
    expect(parseTimeArg('1763884800000', NOW)).toBe(1763884800000);
  });

  it('rejects anything else with a message', () => {
    expect(() => parseTimeArg('yesterday', NOW)).toThrow('"yesterday" is not a time');
    expect(() => parseTimeArg('-15', NOW)).toThrow(/not a time/);
    expect(() => parseTimeArg('-15x', NOW)).toThrow(/not a time/);
  });
});

describe('parseSplitArg', () => {
  it('reads baseline:canary splits', () => {
    expect(parseSplitArg('90:10')).toEqual({ baseline: 90, canary: 10 });
    expect(parseSplitArg('0.5:0.5')).toEqual({ baseline: 0.5, canary: 0.5 });
    expect(() => parseSplitArg('90/10')).toThrow('is not a split');
    expect(() => parseSplitArg('0:10')).toThrow('is not a split');
  });
});
