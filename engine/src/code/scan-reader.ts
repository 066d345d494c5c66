/**
 * Worker-thread entry of a scan's read phase (`ParallelReader`): reads its share of the files, applies the text
 * prefilter, and keeps the texts for the wrapper rounds. It needs no TypeScript, so it starts in milliseconds
 * while the scanning thread loads the parser. The engine bundle builds it as `dist/scan-reader.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPrefilter } from './api-matcher';
import { BudgetedTexts } from './budgeted-texts';
import { mentionsExpiry } from './expiry-comments';

/** What a reader is started with (`workerData`). */
export interface ReaderSetup {
  files: readonly string[];
  /** API names of the prefilter. */
  names: readonly string[];
  /** Keep texts for later rounds while they fit in this many characters; re-read the others. */
  budget: number;
}

/** A later round: which files mention one of `names` (as a whole word)? */
export interface ReaderRequest {
  id: number;
  names: readonly string[];
}

/** Indexes are into the reader's own `files`; `found` is in file order, `errors` too. */
export type ReaderMessage =
  | {
      kind: 'read';
      found: Array<[index: number, text: string, candidate: boolean]>;
      errors: Array<[index: number, message: string]>;
      done: number;
    }
  | {
      kind: 'matched';
      id: number;
      found: Array<[index: number, text: string]>;
      errors: Array<[index: number, message: string]>;
    };

/** Files per progress message in the first pass. */
const BATCH = 256;

const port = parentPort;
if (port) {
  const setup = workerData as ReaderSetup;
  const texts = new BudgetedTexts(setup.budget);
  const read = (index: number, errors: Array<[number, string]>): string | undefined => {
    const text = texts.read(setup.files[index] as string);
    if (typeof text === 'string') return text;
    errors.push([index, text.message]);
    return undefined;
  };

  const matchesApi = createPrefilter(setup.names);
  let found: Array<[number, string, boolean]> = [];
  let errors: Array<[number, string]> = [];
  for (let i = 0; i < setup.files.length; i += 1) {
    const text = read(i, errors);
    if (text !== undefined) {
      const candidate = matchesApi(text);
      if (candidate || mentionsExpiry(text)) found.push([i, text, candidate]);
    }
    if ((i + 1) % BATCH === 0 || i + 1 === setup.files.length) {
      port.postMessage({ kind: 'read', found, errors, done: i + 1 } satisfies ReaderMessage);
      found = [];
      errors = [];
    }
  }
  if (setup.files.length === 0) port.postMessage({ kind: 'read', found, errors, done: 0 } satisfies ReaderMessage);

  port.on('message', (request: ReaderRequest) => {
    const matches = createPrefilter(request.names);
    const matched: Array<[number, string]> = [];
    const failed: Array<[number, string]> = [];
    for (let i = 0; i < setup.files.length; i += 1) {
      const text = read(i, failed);
      if (text !== undefined && matches(text)) matched.push([i, text]);
    }
    port.postMessage({ kind: 'matched', id: request.id, found: matched, errors: failed } satisfies ReaderMessage);
  });
}
