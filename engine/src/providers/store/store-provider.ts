import { openStore, type Store } from '../../store/store';
import type { Measurement, MeasurementRequest, MetricProvider } from '../metric-provider';
import { measureFromSeries } from './measure-from-series';

/** A `MetricProvider` over an open embedded store (in-process: the server, tests, the demo). */
export function createStoreProvider(store: Store): MetricProvider {
  return {
    name: 'store',
    measure: (request: MeasurementRequest): Promise<Measurement> =>
      measureFromSeries(async (query) => store.query(query), request),
  };
}

/**
 * A `MetricProvider` over the store in `dataDir` (`aviary verdict --data-dir DIR`), opened read-only on
 * first use; a missing or unreadable store gives `error` measurements. Call `close()` when done.
 */
export function createDataDirProvider(dataDir: string): MetricProvider & { close(): void } {
  let store: Store | undefined;
  let openError: string | undefined;
  const get = (): Store | string => {
    if (store) return store;
    if (openError) return openError;
    try {
      store = openStore({ dataDir, readonly: true });
      return store;
    } catch (error) {
      openError = `cannot open the store in ${dataDir}: ${(error as Error).message}`;
      return openError;
    }
  };
  return {
    name: 'store',
    measure: async (request) => {
      const s = get();
      if (typeof s === 'string') return { kind: 'error', message: `${request.name}: ${s}` };
      return measureFromSeries(async (query) => s.query(query), request);
    },
    close: () => store?.close(),
  };
}
