import type { VerdictResult } from '../analysis/verdict-types';

/**
 * The result as indented JSON with a final newline. Deterministic: the
 * analysis builds every object in a fixed key order, so the same input gives
 * the same bytes. Non-finite numbers, which JSON lacks, become `null`.
 */
export function renderJson(result: VerdictResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
