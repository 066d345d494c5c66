import { startServer } from '../../../engine/src/api/server';
import type { Cohort } from '../../../engine/src/model/cohort';
import type { MetricProvider } from '../../../engine/src/providers/metric-provider';
import { createStoreProvider } from '../../../engine/src/providers/store/store-provider';

/** The engine running inside this process. */
export interface EmbeddedEngine {
  /** Base URL, e.g. `http://127.0.0.1:39215` (OTLP at `/v1/metrics`, API at `/api/...`). */
  url: string;
  /** Reads the engine's store directly (what `aviary verdict --engine` reads over HTTP). */
  provider: MetricProvider;
  /**
   * Start (Unix ms) of the latest 1 s bucket since `from` in which `metric` has a point for `cohort`, as
   * `GET /api/series` would list it; undefined when there is none.
   */
  latestBucket(metric: string, cohort: Cohort, from: number): number | undefined;
  close(): Promise<void>;
}

/** Starts the Aviary engine in-process on a free loopback port, storing into `dataDir`. */
export async function startEmbeddedEngine(dataDir: string): Promise<EmbeddedEngine> {
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir });
  return {
    url: server.url,
    provider: createStoreProvider(server.store),
    latestBucket: (metric, cohort, from) =>
      server.store.query({ metric, cohort, window: { from, to: Date.now() + 1000, step: 1000 } }).buckets.at(-1)?.start,
    close: () => server.close(),
  };
}
