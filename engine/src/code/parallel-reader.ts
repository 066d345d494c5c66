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
  found: ReadEntry[];
  errors: ReadError[];
}

interface PendingMatch {
  replies: Map<number, Extract<ReaderMessage, { kind: 'matched' }>>;
  resolve: (result: { found: Array<{ index: number; text: string }>; errors: ReadError[] }) => void;
  reject: (error: Error) => void;
}

/**
 * Reads and prefilters a scan's files on worker threads (entry `scan-reader.ts`), each taking a contiguous share
 * of the list, so that results come back in list order. Meanwhile the scanning thread is free to load the parser.
 * The readers keep the texts for the wrapper rounds (`match`).
 */
export class ParallelReader {
  private readonly readers: Reader[] = [];
  private readonly matches = new Map<number, PendingMatch>();
  private nextId = 0;
  private failure: Error | undefined;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Resolves once every file has been read. */
  readonly done: Promise<void>;

  constructor(
    script: string | URL,
    files: readonly string[],
    names: readonly string[],
    options: {
      readers: number;
      budget: number;
      /** Called for each batch that has candidates, and with progress (files read so far). */
      onBatch?: (candidates: number, read: number) => void;
    },
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
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
        found: [],
        errors: [],
      };
      reader.worker.on('message', (message: ReaderMessage) => this.receive(reader, message, options.onBatch));
      reader.worker.on('error', (error) => this.fail(error));
      reader.worker.on('exit', (code) => {
        if (reader.done < reader.count || this.matches.size > 0) this.fail(new Error(`scan reader exited (${code})`));
      });
      this.readers.push(reader);
      if (files.length === 0) break;
    }
  }

  /** Entries and read errors of the first pass, in file order (after `done`). */
  results(): { found: ReadEntry[]; errors: ReadError[] } {
    return {
      found: this.readers.flatMap((r) => r.found),
      errors: this.readers.flatMap((r) => r.errors),
    };
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

  private receive(reader: Reader, message: ReaderMessage, onBatch?: (candidates: number, read: number) => void) {
    if (message.kind === 'read') {
      let candidates = 0;
      for (const [index, text, candidate] of message.found) {
        reader.found.push({ index: reader.offset + index, text, candidate });
        if (candidate) candidates += 1;
      }
      for (const [index, text] of message.errors) reader.errors.push({ index: reader.offset + index, message: text });
      reader.done = message.done;
      onBatch?.(
        candidates,
        this.readers.reduce((sum, r) => sum + r.done, 0),
      );
      if (this.readers.every((r) => r.done >= r.count)) this.settle?.resolve();
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
    this.settle?.reject(error);
    for (const pending of this.matches.values()) pending.reject(error);
    this.matches.clear();
  }

  /** Stops the readers. */
  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await Promise.all(this.readers.map((r) => r.worker.terminate()));
  }
}
