/**
 * Worker-thread entry (bundled as `dist/scan-worker.js`): runs the library's full scan of one folder off the
 * extension host's thread. Gets a `ScanRequest` as `workerData`, posts `ScanMessage`s back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFlags } from '@aviary/engine/code';
import type { ScanRequest } from './flag-scanner';
import type { ScanMessage } from './scan-message';

const port = parentPort;
if (!port) throw new Error('scan-worker.js runs only as a worker thread');

const post = (message: ScanMessage) => port.postMessage(message);
const request = workerData as ScanRequest;

scanFlags({
  root: request.root,
  config: request.config,
  knownKeys: new Set(request.knownKeys),
  onProgress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
})
  .then((result) => post({ type: 'result', result }))
  .catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
