import { describe, expect, it } from 'vitest';
import { definitionDateMs } from '../../src/code/definition-date';

describe('definitionDateMs', () => {
  it('reads epoch seconds, epoch ms, date-only strings (UTC midnight) and ISO times alike', () => {
    const day = Date.UTC(2026, 0, 31);
    expect(definitionDateMs('2026-01-31')).toBe(day);
    expect(definitionDateMs(day / 1000)).toBe(day);
    expect(definitionDateMs(day)).toBe(day);
    expect(definitionDateMs('2026-01-31T12:00:00+02:00')).toBe(day + 10 * 3_600_000);
  });
  it('is undefined for what is not a date', () => {
    for (const value of ['soon', '', true, null, undefined, Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      expect(definitionDateMs(value)).toBeUndefined();
    }
  });
});
