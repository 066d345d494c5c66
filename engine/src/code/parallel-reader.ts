import { Worker } from 'node:worker_threads';
import type { ReaderMessage, ReaderRequest, ReaderSetup } from './scan-reader';

/** A file that passed the prefilter (`candidate`) or holds an expiry comment; `index` is into the file list. */
export interface ReadEntry {
  index: number;
  text: string;
  candidate: boolean;
}

export interface ReadError {
  index: number;
  message: string;
}

interface Reader {
  worker: Worker;
  /** Index of the reader's first file in the whole list. */
  offset: number;
  count: number;
  done: number;
  /** Batches read and not yet taken by `next`. */
  queue: ReadEntry[][];
  errors: ReadError[];
}

interface PendingMatch {
  replies: Map<number, Extract<ReaderMessage, { kind: 'matched' }>>;
  resolve: (result: { found: Array<{ index: number; text: string }>; errors: ReadError[] }) => void;
  reject: (error: Error) => void;
}

/**
 * Reads and prefilters a scan's files on worker threads (entry `scan-reader.ts`), each taking a contiguous share
 * of the list, so that results come back in list order. Meanwhile the scanning thread is free to load the parser
 * and to analyse the batches already read (`next`). The readers keep the texts for the wrapper rounds (`match`).
 */
export class ParallelReader {
  private readonly readers: Reader[] = [];
  private readonly matches = new Map<number, PendingMatch>();
  private nextId = 0;
  private failure: Error | undefined;
  /** Index of the reader whose batches `next` hands out now (earlier readers are drained). */
  private current = 0;
  private wake: (() => void) | undefined;

  constructor(
    script: string | URL,
    files: readonly string[],
    names: readonly string[],
    options: {
      readers: number;
      budget: number;
      /** Progress: called after each batch with the number of files read so far. */
      onRead?: (read: number) => void;
    },
  ) {
    const count = Math.max(1, Math.min(options.readers, files.length));
    const share = Math.ceil(files.length / count);
    for (let offset = 0; offset < files.length || offset === 0; offset += share) {
      const slice = files.slice(offset, offset + share);
      const setup: ReaderSetup = { files: slice, names, budget: Math.floor(options.budget / count) };
      const reader: Reader = {
        worker: new Worker(script, { workerData: setup }),
        offset,
        count: slice.length,
        done: 0,
        queue: [],
        errors: [],
      };
      reader.worker.on('message', (message: ReaderMessage) => this.receive(reader, message, options.onRead));
      reader.worker.on('error', (error) => this.fail(error));
      reader.worker.on('exit', (code) => {
        if (reader.done < reader.count || this.matches.size > 0) this.fail(new Error(`scan reader exited (${code})`));
      });
      this.readers.push(reader);
      if (files.length === 0) break;
    }
  }

  /**
   * The next batch of the first pass's entries, in file order, as soon as it is read; `undefined` once every file
   * has been read and handed out. Rejects when a reader failed.
   */
  async next(): Promise<ReadEntry[] | undefined> {
    for (;;) {
      if (this.failure) throw this.failure;
      const reader = this.readers[this.current];
      if (!reader) return undefined;
      const batch = reader.queue.shift();
      if (batch) return batch;
      if (reader.done >= reader.count) {
        this.current += 1;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Files the first pass could not read, in file order (complete once `next` has returned `undefined`). */
  readErrors(): ReadError[] {
    return this.readers.flatMap((r) => r.errors);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The files (in list order) that mention one of `names`, re-read where their text was not kept. */
  match(names: readonly string[]): Promise<{ found: Array<{ index: number; text: string }>; errors: ReadError[] }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.matches.set(id, { replies: new Map(), resolve, reject });
      for (const reader of this.readers) reader.worker.postMessage({ id, names } satisfies ReaderRequest);
    });
  }

  private receive(reader: Reader, message: ReaderMessage, onRead?: (read: number) => void) {
    if (message.kind === 'read') {
      const batch: ReadEntry[] = [];
      for (const [index, text, candidate] of message.found)
        batch.push({ index: reader.offset + index, text, candidate });
      if (batch.length > 0) reader.queue.push(batch);
      for (const [index, text] of message.errors) reader.errors.push({ index: reader.offset + index, message: text });
      reader.done = message.done;
      onRead?.(this.readers.reduce((sum, r) => sum + r.done, 0));
      this.signal();
      return;
    }
    const pending = this.matches.get(message.id);
    if (!pending) return;
    pending.replies.set(this.readers.indexOf(reader), message);
    if (pending.replies.size < this.readers.length) return;
    this.matches.delete(message.id);
    const found: Array<{ index: number; text: string }> = [];
    const errors: ReadError[] = [];
    this.readers.forEach((r, i) => {
      const reply = pending.replies.get(i);
      for (const [index, text] of reply?.found ?? []) found.push({ index: r.offset + index, text });
      for (const [index, text] of reply?.errors ?? []) errors.push({ index: r.offset + index, message: text });
    });
    pending.resolve({ found, errors });
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.signal();
    for (const pending of this.matches.values()) pending.reject(error);
    this.matches.clear();
  }

  /** Stops the readers. */
  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await Promise.all(this.readers.map((r) => r.worker.terminate()));
  }
}
