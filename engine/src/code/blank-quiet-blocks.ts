/**
 * A text pass that lets the scanner parse only what the reference finder reads. The finder walks only the syntax
 * subtrees that contain an API name (a "hit") and looks names up in the blocks around a hit, never in a sibling
 * block. So the inside of a statement block (a function body, an `if` branch, a loop body) that contains no hit
 * can be replaced by spaces before parsing: the tree keeps every position and line, and the block parses as
 * empty. `parseCandidate` (source-host.ts) checks that each blanked range is an empty block in the tree and that
 * the parse has no errors, and parses the original text otherwise: a wrong guess here costs time, not results.
 *
 * For a file that parses without errors the tree outside the blanked blocks is the full parse's. A syntax error
 * inside a blanked block goes unseen; brackets there must still nest, so TypeScript's error recovery could only
 * have ended the block early on a stray `,`, `case` or similar token, which a skipped block cannot do.
 */

/** The text with quiet blocks blanked, and the `{`, `}` offsets of each blanked block (outermost only). */
export interface BlankedText {
  text: string;
  ranges: Array<readonly [open: number, close: number]>;
}

/** Blocks shorter than this are left alone: blanking them saves less than it costs. */
const MIN_BLOCK = 48;

/** After these tokens a `{` starts a statement block (`if (…) {`, `=> {`, a block statement)… */
const BLOCK_AFTER = new Set([')', '=>', ';', '{', '}', '']);
/** …and after these keywords (`else {`, `try {`). */
const BLOCK_KEYWORDS = new Set(['else', 'try', 'finally', 'do', 'catch']);
/** After these tokens a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
/** In a return type annotation, a `{` after these tokens is an object type, not the function body. */
const TYPE_CONTINUES = new Set([
  ':',
  '|',
  '&',
  ',',
  '<',
  '(',
  '[',
  '=>',
  '?',
  '=',
  'extends',
  'keyof',
  'typeof',
  'readonly',
  'infer',
  'is',
  '',
]);

interface Brace {
  /** `(` and `[` are kept too: a file whose brackets do not nest is not blanked at all. */
  kind: 'block' | 'type' | 'other' | 'template' | 'paren' | 'bracket';
  open: number;
  /** Return-type depth to restore when the brace closes. */
  typeDepth: number;
}

enum C {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Comma = 44,
  Dot = 46,
  Slash = 47,
  Colon = 58,
  Semicolon = 59,
  LessThan = 60,
  Equals = 61,
  GreaterThan = 62,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

const NOT_LINE_BREAKS = /[^\n\r\u2028\u2029]+/g;

function spaces(run: string): string {
  return ' '.repeat(run.length);
}

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === C.Dollar || c >= 128
  );
}

function isLineBreak(c: number): boolean {
  return c === C.LineFeed || c === C.CarriageReturn || c === 0x2028 || c === 0x2029;
}

/** Whether some hit lies strictly between `open` and `close`. */
function hitBetween(hits: readonly number[], open: number, close: number): boolean {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid] as number) <= open) lo = mid + 1;
    else hi = mid;
  }
  return lo < hits.length && (hits[lo] as number) < close;
}

/**
 * Finds the statement blocks of a TypeScript or JavaScript file (not JSX) that contain none of `hits` (sorted
 * offsets) and blanks their insides, keeping line breaks. Returns undefined when there is nothing to blank or the
 * text does not tokenize (an unterminated string, comment or regular expression; brackets that do not nest).
 */
export function blankQuietBlocks(text: string, hits: readonly number[]): BlankedText | undefined {
  const n = text.length;
  const stack: Brace[] = [];
  const ranges: Array<readonly [number, number]> = [];
  let prev = '';
  let prevIsWord = false;
  /** -1 outside a return type annotation, else the nesting depth of brackets inside it. */
  let typeDepth = -1;
  let i = 0;

  const regexAllowed = () =>
    prevIsWord ? REGEX_AFTER_WORDS.has(prev) : prev !== ')' && prev !== ']' && prev !== '}' && prev !== 'literal';
  const punct = (token: string) => {
    prev = token;
    prevIsWord = false;
  };

  /** Scans template text from `i` (after "`" or the `}` closing a substitution). False if unterminated. */
  const template = (): boolean => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C.Backslash) i += 2;
      else if (c === C.Backtick) {
        i += 1;
        prev = 'literal';
        prevIsWord = false;
        return true;
      } else if (c === C.Dollar && text.charCodeAt(i + 1) === C.OpenBrace) {
        stack.push({ kind: 'template', open: i + 1, typeDepth });
        typeDepth = -1;
        i += 2;
        punct('${');
        return true;
      } else i += 1;
    }
    return false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C.Space || c === C.Tab || isLineBreak(c)) {
      i += 1;
    } else if (isWordChar(c) || c === C.Backslash) {
      const start = i;
      while (i < n && (isWordChar(text.charCodeAt(i)) || text.charCodeAt(i) === C.Backslash)) i += 1;
      if (c >= 48 && c <= 57) {
        // A number: `1.5e3` continues after the dot.
        while (i < n && (text.charCodeAt(i) === C.Dot || isWordChar(text.charCodeAt(i)))) i += 1;
        prev = 'literal';
        prevIsWord = false;
      } else {
        // Only short lower-case words can be keywords that matter here; others need not be copied out.
        prev = i - start <= 10 && c >= 97 && c <= 122 ? text.slice(start, i) : 'name';
        prevIsWord = true;
      }
    } else if (c === C.SingleQuote || c === C.DoubleQuote) {
      i += 1;
      for (;;) {
        if (i >= n) return undefined;
        const d = text.charCodeAt(i);
        if (d === c) break;
        if (d === C.Backslash) {
          i += text.charCodeAt(i + 1) === C.CarriageReturn && text.charCodeAt(i + 2) === C.LineFeed ? 3 : 2;
          continue;
        }
        if (isLineBreak(d)) return undefined;
        i += 1;
      }
      i += 1;
      prev = 'literal';
      prevIsWord = false;
    } else if (c === C.Backtick) {
      i += 1;
      if (!template()) return undefined;
    } else if (c === C.Slash && text.charCodeAt(i + 1) === C.Slash) {
      while (i < n && !isLineBreak(text.charCodeAt(i))) i += 1;
    } else if (c === C.Slash && text.charCodeAt(i + 1) === C.Star) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (c === C.Slash && regexAllowed()) {
      i += 1;
      let inClass = false;
      for (;;) {
        if (i >= n) return undefined;
        const d = text.charCodeAt(i);
        if (isLineBreak(d)) return undefined;
        if (d === C.Backslash) i += 2;
        else {
          i += 1;
          if (d === C.OpenBracket) inClass = true;
          else if (d === C.CloseBracket) inClass = false;
          else if (d === C.Slash && !inClass) break;
        }
      }
      while (i < n && isWordChar(text.charCodeAt(i))) i += 1;
      prev = 'literal';
      prevIsWord = false;
    } else if (c === C.OpenBrace) {
      if (typeDepth === 0 && !TYPE_CONTINUES.has(prev)) {
        // `): Promise<T> {`: the function body.
        stack.push({ kind: 'block', open: i, typeDepth: -1 });
        typeDepth = -1;
      } else if (typeDepth >= 0) {
        stack.push({ kind: 'type', open: i, typeDepth });
        typeDepth += 1;
      } else {
        const block = prevIsWord ? BLOCK_KEYWORDS.has(prev) : BLOCK_AFTER.has(prev);
        stack.push({ kind: block ? 'block' : 'other', open: i, typeDepth: -1 });
      }
      i += 1;
      punct('{');
    } else if (c === C.CloseBrace) {
      const brace = stack.pop();
      if (!brace || brace.kind === 'paren' || brace.kind === 'bracket') return undefined;
      typeDepth = brace.typeDepth;
      if (brace.kind === 'template') {
        i += 1;
        if (!template()) return undefined;
        continue;
      }
      if (brace.kind === 'block' && i - brace.open >= MIN_BLOCK && !hitBetween(hits, brace.open, i)) {
        while (ranges.length > 0 && (ranges[ranges.length - 1] as readonly [number, number])[0] > brace.open) {
          ranges.pop();
        }
        ranges.push([brace.open, i]);
      }
      i += 1;
      punct('}');
    } else {
      // Punctuation: only `=>` matters as a two-character token here.
      if (c === C.Equals && text.charCodeAt(i + 1) === C.GreaterThan) {
        // `(a): T => {` ends the return type; in `(): () => T {` the arrow is part of it.
        if (typeDepth === 0 && !(prev === ')' && !prevIsWord)) typeDepth = -1;
        i += 2;
        punct('=>');
        continue;
      }
      const ch = text[i] as string;
      i += 1;
      if (c === C.OpenParen || c === C.OpenBracket) {
        stack.push({ kind: c === C.OpenParen ? 'paren' : 'bracket', open: i - 1, typeDepth: -1 });
      } else if (c === C.CloseParen || c === C.CloseBracket) {
        if (stack.pop()?.kind !== (c === C.CloseParen ? 'paren' : 'bracket')) return undefined;
      }
      if (typeDepth >= 0) {
        if (c === C.OpenParen || c === C.OpenBracket || c === C.LessThan) typeDepth += 1;
        else if (c === C.CloseParen || c === C.CloseBracket || c === C.GreaterThan) {
          typeDepth = typeDepth > 0 ? typeDepth - 1 : -1;
        } else if (c === C.Semicolon || (typeDepth === 0 && (c === C.Comma || c === C.Equals))) typeDepth = -1;
      } else if (c === C.Colon && prev === ')' && !prevIsWord) {
        // `): ReturnType {`: the body's brace comes after the type.
        typeDepth = 0;
      }
      punct(ch);
    }
  }
  if (stack.length > 0 || ranges.length === 0) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (const [open, close] of ranges) {
    parts.push(text.slice(from, open + 1), text.slice(open + 1, close).replace(NOT_LINE_BREAKS, spaces));
    from = close;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), ranges };
}
