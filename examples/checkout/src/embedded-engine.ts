import { startServer } from '../../../engine/src/api/server';
import type { MetricProvider } from '../../../engine/src/providers/metric-provider';
import { createStoreProvider } from '../../../engine/src/providers/store/store-provider';

/** The engine running inside this process. */
export interface EmbeddedEngine {
  /** Base URL, e.g. `http://127.0.0.1:39215` (OTLP at `/v1/metrics`, API at `/api/...`). */
  url: string;
  /** Reads the engine's store directly (what `aviary verdict --engine` reads over HTTP). */
  provider: MetricProvider;
  close(): Promise<void>;
}

/** Starts the Aviary engine in-process on a free loopback port, storing into `dataDir`. */
export async function startEmbeddedEngine(dataDir: string): Promise<EmbeddedEngine> {
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir });
  return { url: server.url, provider: createStoreProvider(server.store), close: () => server.close() };
}
