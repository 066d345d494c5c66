import type { FlagReference } from '@aviary/engine/code';

/** Offsets of the key argument's text inside the reference (the quoted literal, for "Change to" fixes). */
export function keyTextOffsets(text: string, reference: FlagReference): { start: number; end: number } | null {
  const at = text.indexOf(reference.keyText, reference.start);
  if (at < 0 || at + reference.keyText.length > reference.end) return null;
  return { start: at, end: at + reference.keyText.length };
}

/** The reference whose evaluation covers `offset`, innermost first. */
export function referenceAt(references: readonly FlagReference[], offset: number): FlagReference | undefined {
  let best: FlagReference | undefined;
  for (const r of references) {
    if (r.start <= offset && offset <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best;
}
