import type { AttributeFilter } from './store-types';

const FILTER = /^\s*([^<>=!\s]+)\s*(>=|<=|!=|=|>|<)\s*(.*?)\s*$/;

/**
 * Parses `key=value`, `key!=value`, `key>=500`, ... (numeric comparison when both sides are numbers,
 * string comparison otherwise). Returns an error message for anything else.
 */
export function parseAttributeFilter(text: string): AttributeFilter | { error: string } {
  const match = FILTER.exec(text);
  if (!match) return { error: `attribute filter "${text}" is not of the form key=value, key!=value, key>=number, ...` };
  return { key: match[1] ?? '', op: (match[2] ?? '=') as AttributeFilter['op'], value: match[3] ?? '' };
}

function compare(actual: string, expected: string): number {
  const a = Number(actual);
  const b = Number(expected);
  if (actual !== '' && expected !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

/** True when `attributes` pass `filter`; a missing attribute only passes `!=`. */
export function matchesFilter(attributes: Record<string, string>, filter: AttributeFilter): boolean {
  const actual = attributes[filter.key];
  if (actual === undefined) return filter.op === '!=';
  const c = compare(actual, filter.value);
  switch (filter.op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
  }
}
