import { seriesParams } from '../../api/series-params';
import type { SeriesResult } from '../../store/store-types';
import type { MetricProvider } from '../metric-provider';
import { measureFromSeries } from '../store/measure-from-series';

export interface EngineHttpOptions {
  /** Base URL of a running engine, e.g. `http://127.0.0.1:4318`. */
  url: string;
  /** API token sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A `MetricProvider` over a running engine's `GET /api/series` (`aviary verdict --engine URL`). Same
 * query syntax and shapes as the store provider; HTTP and network failures become `error` measurements.
 */
export function createEngineHttpProvider(options: EngineHttpOptions): MetricProvider {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'engine',
    measure: (request) =>
      measureFromSeries(async (query) => {
        const url = `${base}/api/series?${seriesParams(query)}`;
        let res: Response;
        try {
          res = await doFetch(url, {
            headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
            signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
          });
        } catch (error) {
          throw new Error(`engine at ${base} unreachable: ${(error as Error).message}`);
        }
        const text = await res.text();
        if (!res.ok) {
          let detail = text.slice(0, 300);
          try {
            detail = (JSON.parse(text) as { error?: string }).error ?? detail;
          } catch {}
          throw new Error(`engine answered ${res.status} for ${query.metric}: ${detail}`);
        }
        try {
          return JSON.parse(text) as SeriesResult;
        } catch {
          throw new Error(`engine answered with a body that is not JSON: ${text.slice(0, 100)}`);
        }
      }, request),
  };
}
