import type { CanaryConfig, CanaryMetric } from '../config/canary-config-schema';
import { parseDuration } from '../config/parse-duration';
import type { Cohort, TimeWindow } from '../model/cohort';
import type { Measurement, MeasurementRequest, MetricProvider } from '../providers/metric-provider';
import { analyzeSamples } from './analyze-samples';
import { measurementsToInput } from './measurements-to-input';
import type { AnalyzeOptions, MetricInput, VerdictResult } from './verdict-types';

const SHAPE = { continuous: 'values', rate: 'counts', latency: 'histogram' } as const;

function requestFor(metric: CanaryMetric, cohort: Cohort, window: TimeWindow): MeasurementRequest {
  const attributes = { ...(cohort.attributes ?? {}), ...(metric.filter ?? {}) };
  return {
    name: metric.name,
    shape: SHAPE[metric.kind],
    query: metric.query ?? metric.name,
    ...(metric.denominator !== undefined ? { denominatorQuery: metric.denominator } : {}),
    ...(metric.statistic !== undefined ? { statistic: metric.statistic } : {}),
    cohort: Object.keys(attributes).length > 0 ? { ...cohort, attributes } : cohort,
    window,
  };
}

/** Providers must not throw; if one does anyway, the failure is data like any other. */
async function measureSafely(provider: MetricProvider, request: MeasurementRequest): Promise<Measurement> {
  try {
    return await provider.measure(request);
  } catch (error) {
    return { kind: 'error', message: `provider threw: ${(error as Error).message}` };
  }
}

/**
 * Reads every metric of `config` for both cohorts from `provider` over
 * `window` (its start moved by the config's warm-up) and judges them with
 * `analyzeSamples`. Provider `error`/`nodata` become inconclusive (or no-go for
 * `mustHaveData`), never go. The cohorts, window and provider name are part
 * of the result's `source` and of its input digest.
 */
export async function analyzeWindow(
  config: CanaryConfig,
  provider: MetricProvider,
  cohorts: { baseline: Cohort; canary: Cohort },
  window: TimeWindow,
  options: Omit<AnalyzeOptions, 'source' | 'windowStart'> & {
    /** Called after each metric's two measurements arrive (for progress on a terminal). */
    onProgress?: (done: number, total: number, metric: string) => void;
  } = {},
): Promise<VerdictResult> {
  const { onProgress, ...analyzeOptions } = options;
  let done = 0;
  const measured: TimeWindow = { ...window, from: Math.min(window.to, window.from + parseDuration(config.warmup)) };
  const inputs = await Promise.all(
    config.metrics.map(async (metric): Promise<[string, MetricInput]> => {
      const [baseline, canary] = await Promise.all([
        measureSafely(provider, requestFor(metric, cohorts.baseline, measured)),
        measureSafely(provider, requestFor(metric, cohorts.canary, measured)),
      ]);
      done += 1;
      onProgress?.(done, config.metrics.length, metric.name);
      return [metric.name, measurementsToInput(metric.kind, provider.name, baseline, canary)];
    }),
  );
  return analyzeSamples(config, Object.fromEntries(inputs), {
    ...analyzeOptions,
    windowStart: window.from,
    source: { provider: provider.name, cohorts, window },
  });
}
