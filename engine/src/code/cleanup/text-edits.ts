/** A replacement of `[start, end)` of a text by `text` (0-based offsets). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits to `text` between `from` and `to` (offsets of `text`), returning that slice. */
export function applyEdits(text: string, edits: readonly TextEdit[], from = 0, to = text.length): string {
  const sorted = edits.filter((e) => e.start >= from && e.end <= to).sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = from;
  for (const edit of sorted) {
    if (edit.start < cursor) {
      // Adjacent removals may share a blank line; other overlaps are nested in an edit already applied.
      if (edit.text === '' && edit.end > cursor) cursor = edit.end;
      continue;
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor, to);
}

/** The whitespace that starts the line containing `offset`. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, offset + 1));
  return match ? match[0] : '';
}

/** Whether only spaces or tabs precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/**
 * The range to delete when removing `[start, end)`: whole lines when the node sits alone on its lines, plus one
 * adjacent blank line when the removal would otherwise leave two blank lines (or a blank line after an opening
 * brace) behind.
 */
export function removalRange(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*;?[ \t]*$/.test(after)) {
    // Shares its line with other code: remove the node and the spaces after it.
    let e = end;
    while (text[e] === ' ' || text[e] === '\t') e += 1;
    return { start, end: e };
  }
  let s = lineStart;
  let e = Math.min(lineEnd + 1, text.length);
  const prevLineStart = text.lastIndexOf('\n', Math.max(s - 2, 0)) + 1;
  const prevLine = s > 0 ? text.slice(prevLineStart, s - 1) : '';
  const nextLineEnd = text.indexOf('\n', e);
  const nextLine = text.slice(e, nextLineEnd < 0 ? text.length : nextLineEnd);
  const prevBlank = s === 0 || /^[ \t]*$/.test(prevLine) || /[{([>]\s*$/.test(prevLine);
  const nextBlank = /^[ \t]*$/.test(nextLine) && nextLineEnd >= 0;
  const nextCloses = /^[ \t]*[})\]]/.test(nextLine) || /^[ \t]*<\//.test(nextLine);
  if (nextBlank && prevBlank) e = nextLineEnd + 1;
  else if (nextCloses && s > 0 && /^[ \t]*$/.test(prevLine) && prevLineStart < s) s = prevLineStart;
  return { start: s, end: e };
}

/**
 * Re-indents a block of lines: each line loses `from` (when it starts with it) and gains `to`; the first line is
 * returned without indentation (it is inserted where the replaced node started).
 */
export function reindent(text: string, from: string, to: string): string {
  // Template literals keep their exact text: their lines are content, not indentation.
  if (text.includes('`') || from === to) return text.replace(/^[ \t]*/, '');
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      const body = line.startsWith(from) ? line.slice(from.length) : line.replace(/^[ \t]*/, '');
      if (i === 0) return body.replace(/^[ \t]*/, '');
      return body.length === 0 ? '' : to + body;
    })
    .join('\n');
}

/** Trims blank lines and trailing spaces around a block's inner text, keeping the first line's indentation. */
export function trimBlockText(text: string): string {
  return text.replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/**
 * Where a statement's removal starts when the comments directly above it (no blank line between, each on its own
 * line) go with it: they describe the removed code. A comment at the very top of the file (a header) stays.
 */
export function attachedStart(
  text: string,
  fullStart: number,
  start: number,
  ranges: readonly { pos: number; end: number }[],
): number {
  let from = start;
  for (let i = ranges.length - 1; i >= 0; i -= 1) {
    const range = ranges[i] as { pos: number; end: number };
    const between = text.slice(range.end, from);
    if ((between.match(/\n/g)?.length ?? 0) > 1 || !startsLine(text, range.pos)) break;
    if (text.slice(0, range.pos).trim() === '') break;
    from = range.pos;
  }
  return from < fullStart ? start : from;
}
