import { expect } from 'vitest';

/** Asserts |actual - expected| ≤ rel·|expected| (relative, so it holds at any scale). */
export function expectClose(actual: number, expected: number, rel = 1e-12): void {
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThanOrEqual(rel);
    return;
  }
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}
