/** The value a flag is fixed to by a cleanup. */
export type FlagValue = boolean | string | number;

/** A compile-time primitive seen while folding (flag values and the literals they are combined with). */
export type Literal = boolean | string | number | null | undefined;

export function isTruthy(value: Literal): boolean {
  return Boolean(value);
}

/** Source text for a literal, with the file's quote style for strings. */
export function renderLiteral(value: Literal, quote: '"' | "'"): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${escaped}${quote}`;
  }
  return String(value);
}

/**
 * Reads `--value` for a flag of the given kind: `true`/`false` for booleans, a number for numbers, the text itself
 * for strings. Returns an error message when the text does not fit the kind.
 */
export function parseFlagValue(
  text: string,
  kind: 'boolean' | 'string' | 'number' | 'object' | 'unknown',
): { ok: true; value: FlagValue } | { ok: false; message: string } {
  if (kind === 'object') return { ok: false, message: 'object flags cannot be replaced by a literal' };
  if (kind === 'boolean') {
    if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
    return { ok: false, message: `"${text}" is not a boolean value (use true or false)` };
  }
  if (kind === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return { ok: false, message: `"${text}" is not a number` };
    return { ok: true, value: n };
  }
  if (kind === 'string') return { ok: true, value: text };
  if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
  return { ok: true, value: text };
}
