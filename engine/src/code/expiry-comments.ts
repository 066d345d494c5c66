/** A `// @flag-expires YYYY-MM-DD [key]` comment found in source. */
export interface FlagExpiry {
  /** The flag it belongs to: named in the comment, or the evaluation or key literal just below it. */
  key: string | null;
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  file: string;
  line: number;
}

const EXPIRES = /@flag-expires\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+(?:flag=|key=)?([\w.:/-]+))?/g;
const QUOTED = /['"`]([\w.:/-]+)['"`]/;

/** Whether `text` may hold an expiry comment (the cheap test before parsing anything). O(length). */
export function mentionsExpiry(text: string): boolean {
  return text.includes('@flag-expires');
}

/**
 * Finds expiry comments. A comment that names no key applies to the first flag evaluation on the comment's line or
 * the three lines below it (`referenceKeyAt`), else to the first quoted key on the next line (a key constant).
 */
export function findExpiryComments(
  text: string,
  file: string,
  referenceKeyAt: (line: number) => string | null | undefined,
): FlagExpiry[] {
  if (!mentionsExpiry(text)) return [];
  const found: FlagExpiry[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const lineText = lines[index] ?? '';
    if (!mentionsExpiry(lineText)) continue;
    for (const match of lineText.matchAll(EXPIRES)) {
      const date = match[1] ?? '';
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) continue;
      let key: string | null = match[2] && !match[2].startsWith('owner') ? match[2] : null;
      if (key === null) {
        for (let line = index + 1; line <= index + 4 && key === null; line += 1) key = referenceKeyAt(line) ?? null;
      }
      if (key === null) key = QUOTED.exec(lines[index + 1] ?? '')?.[1] ?? null;
      found.push({ key, date, file, line: index + 1 });
    }
  }
  return found;
}
