import type { ScanResult } from '@aviary/engine/code';

/** What the scan worker posts to the thread that started it: progress, then exactly one result or error. */
export type ScanMessage =
  | { type: 'progress'; phase: 'read' | 'parse'; done: number; total: number }
  | { type: 'result'; result: ScanResult }
  | { type: 'error'; message: string };
