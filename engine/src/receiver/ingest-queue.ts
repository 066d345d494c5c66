import { HttpError } from '../api/http-error';
import type { Store } from '../store/store';
import type { IngestMetric, IngestResult } from '../store/store-types';

interface Pending {
  metrics: IngestMetric[];
  points: number;
  since: number;
  resolve: (result: IngestResult) => void;
  reject: (error: Error) => void;
}

/**
 * The bounded write queue between decoded exports and the store. Exports that arrive together are
 * written in one transaction; each caller's promise resolves only after its commit, so a 200 means
 * durable. When the store cannot take writes (locked by another process, disk full) entries wait and
 * are retried; beyond `maxPoints` waiting, `submit` refuses so the HTTP layer answers 503 + Retry-After.
 * After `maxWaitMs` a waiting export is failed with 503 (the client retries; nothing was acknowledged).
 */
export class IngestQueue {
  private pending: Pending[] = [];
  private pendingPoints = 0;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly maxPoints: number,
    private readonly log: (line: string) => void = () => {},
    private readonly maxWaitMs = 10_000,
    private readonly retryMs = 50,
  ) {}

  /** Points waiting for the disk. */
  get waitingPoints(): number {
    return this.pendingPoints;
  }

  /** Whether an export of `points` would go over the bound (an empty queue always takes one export). */
  isFull(points = 0): boolean {
    return this.pending.length > 0 && this.pendingPoints + points > this.maxPoints;
  }

  /** Queues an export; resolves after its commit. Returns null when the queue is full. */
  submit(metrics: IngestMetric[], points: number): Promise<IngestResult> | null {
    if (this.isFull(points)) return null;
    return new Promise((resolve, reject) => {
      this.pending.push({ metrics, points, since: Date.now(), resolve, reject });
      this.pendingPoints += points;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.retryTimer) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Writes everything queued in one transaction (or schedules a retry). */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    try {
      const results = this.store.ingestAll(batch.map((p) => p.metrics));
      this.pending = [];
      this.pendingPoints = 0;
      for (const [i, p] of batch.entries()) p.resolve(results[i] ?? { accepted: 0, rejected: 0, messages: [] });
    } catch (error) {
      const message = (error as Error).message;
      const now = Date.now();
      const expired = batch.filter((p) => now - p.since >= this.maxWaitMs);
      this.pending = batch.filter((p) => now - p.since < this.maxWaitMs);
      this.pendingPoints = this.pending.reduce((n, p) => n + p.points, 0);
      for (const p of expired) {
        p.reject(new HttpError(503, `the store cannot take writes (${message}); retry later`, { 'retry-after': '5' }));
      }
      if (expired.length > 0) this.log(`ingest: ${expired.length} exports failed after waiting: ${message}`);
      if (this.pending.length > 0 && !this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.flush();
        }, this.retryMs);
      }
    }
  }

  /** Writes what is queued now, or fails it (used on shutdown). */
  drain(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.flush();
    for (const p of this.pending)
      p.reject(new HttpError(503, 'server shutting down; retry later', { 'retry-after': '5' }));
    this.pending = [];
    this.pendingPoints = 0;
  }
}
