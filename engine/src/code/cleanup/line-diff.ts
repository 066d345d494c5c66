/** A changed run of lines: `oldLines` at `oldStart` (0-based) became `newLines` at `newStart`. */
export interface LineChange {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

/** Splits keeping line ends, so joining the pieces gives the text back. */
export function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** Beyond this many cells the LCS table is skipped and the differing middle becomes one change. */
const MAX_CELLS = 4_000_000;

/** Line changes between two texts (longest common subsequence after trimming the common prefix and suffix). */
export function diffLines(before: string, after: string): LineChange[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const am = a.slice(prefix, a.length - suffix);
  const bm = b.slice(prefix, b.length - suffix);
  if (am.length === 0 && bm.length === 0) return [];
  if (am.length * bm.length > MAX_CELLS) {
    return [{ oldStart: prefix, oldLines: am, newStart: prefix, newLines: bm }];
  }
  const n = am.length;
  const m = bm.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i * (m + 1) + j] =
        am[i] === bm[j]
          ? (table[(i + 1) * (m + 1) + j + 1] as number) + 1
          : Math.max(table[(i + 1) * (m + 1) + j] as number, table[i * (m + 1) + j + 1] as number);
    }
  }
  const changes: LineChange[] = [];
  let current: LineChange | undefined;
  let i = 0;
  let j = 0;
  const flush = () => {
    if (current) changes.push(current);
    current = undefined;
  };
  const open = (): LineChange => {
    current ??= { oldStart: prefix + i, oldLines: [], newStart: prefix + j, newLines: [] };
    return current;
  };
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      flush();
      i += 1;
      j += 1;
    } else if (
      j < m &&
      (i === n || (table[i * (m + 1) + j + 1] as number) >= (table[(i + 1) * (m + 1) + j] as number))
    ) {
      open().newLines.push(bm[j] as string);
      j += 1;
    } else {
      open().oldLines.push(am[i] as string);
      i += 1;
    }
  }
  flush();
  return changes;
}

/** A unified diff (`diff -u` style, 3 lines of context) of one file. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  const changes = diffLines(before, after);
  if (changes.length === 0) return '';
  const a = splitLines(before);
  const out = [`--- a/${path}\n`, `+++ b/${path}\n`];
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n\\ No newline at end of file\n`);
  let k = 0;
  while (k < changes.length) {
    // Group changes whose context overlaps into one hunk.
    let end = k;
    while (
      end + 1 < changes.length &&
      (changes[end + 1] as LineChange).oldStart -
        ((changes[end] as LineChange).oldStart + (changes[end] as LineChange).oldLines.length) <=
        2 * context
    ) {
      end += 1;
    }
    const first = changes[k] as LineChange;
    const last = changes[end] as LineChange;
    const oldFrom = Math.max(0, first.oldStart - context);
    const oldTo = Math.min(a.length, last.oldStart + last.oldLines.length + context);
    const newFrom = first.newStart - (first.oldStart - oldFrom);
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let cursor = oldFrom;
    for (let c = k; c <= end; c += 1) {
      const change = changes[c] as LineChange;
      for (; cursor < change.oldStart; cursor += 1) {
        body += ` ${line(a[cursor] as string)}`;
        oldCount += 1;
        newCount += 1;
      }
      for (const l of change.oldLines) body += `-${line(l)}`;
      for (const l of change.newLines) body += `+${line(l)}`;
      oldCount += change.oldLines.length;
      newCount += change.newLines.length;
      cursor = change.oldStart + change.oldLines.length;
    }
    for (; cursor < oldTo; cursor += 1) {
      body += ` ${line(a[cursor] as string)}`;
      oldCount += 1;
      newCount += 1;
    }
    const range = (from: number, count: number) => `${count === 0 ? from : from + 1},${count}`;
    out.push(`@@ -${range(oldFrom, oldCount)} +${range(newFrom, newCount)} @@\n`, body);
    k = end + 1;
  }
  return out.join('');
}
