/**
 * A flag definition's date (`metadata.createdAt`, `expiresAt`, ...) in epoch ms: a number is epoch
 * seconds, or epoch milliseconds above 1e11; a date-only string (`2026-01-31`) is midnight UTC; any other
 * string is read by `Date.parse`. Anything else, or an unreadable date, is undefined. O(1).
 * Example: `definitionDateMs('2026-01-31')` -> `1769817600000`; `definitionDateMs(1769817600)` -> the same.
 */
export function definitionDateMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (value > 1e11 ? value : value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}
