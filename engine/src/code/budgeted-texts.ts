import { readFileSync } from 'node:fs';

/**
 * File texts read from disk and kept for the scan's later rounds (wrapper calls) while they fit in `budget`
 * characters; the ones past it are read again when asked for. O(file size) per first read.
 */
export class BudgetedTexts {
  private readonly texts = new Map<string, string>();
  private kept = 0;

  constructor(private readonly budget: number) {}

  /** The file's UTF-8 text, or the error that reading it gave. */
  read(path: string): string | Error {
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    try {
      const text = readFileSync(path, 'utf8');
      if (this.kept + text.length <= this.budget) {
        this.texts.set(path, text);
        this.kept += text.length;
      }
      return text;
    } catch (error) {
      return error as Error;
    }
  }
}
