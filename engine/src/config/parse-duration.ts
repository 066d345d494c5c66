const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of a config duration: a number of seconds, or a string with a
 * unit (`500ms`, `30s`, `5m`, `1h`, `1d`). Example: `parseDuration('5m') === 300000`.
 * @throws Error for a string without a known unit.
 */
export function parseDuration(duration: number | string): number {
  if (typeof duration === 'number') return duration * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration.trim());
  const unit = match?.[2] ? UNIT_MS[match[2]] : undefined;
  if (!match || unit === undefined)
    throw new Error(`expected a duration such as "30s", "5m" or "1h", got "${duration}"`);
  return Number(match[1]) * unit;
}
