import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

/** Semantic-convention bucket boundaries for `http.server.request.duration` (seconds). */
export const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface AppBehaviour {
  service: string;
  version: string;
  /** Median latency in seconds. */
  latency: number;
  /** Probability of a 500 answer. */
  errorRate: number;
  seed: number;
  /** Also export over OTLP/HTTP (protobuf, cumulative, every second) to this URL, e.g. Aviary's `/v1/metrics`. */
  otlpUrl?: string;
}

/**
 * Deterministic uniform stream in (0, 1) from a Weyl sequence (fractional parts
 * of seed + i * increment, with an irrational increment): reproducible traffic
 * without a random generator.
 */
export function weylStream(seed: number, increment = Math.SQRT2 - 1): () => number {
  let i = 0;
  return () => {
    i++;
    const u = (seed * 0.7548776662466927 + i * increment) % 1;
    return Math.min(Math.max(u, 1e-9), 1 - 1e-9);
  };
}

/** One simulated request: latency (s) and status from the behaviour's distributions. */
export function simulateRequest(
  streams: { u: () => number; v: () => number; e: () => number },
  behaviour: AppBehaviour,
): { seconds: number; status: number } {
  // Log-normal around the median with sigma 0.3 (Box-Muller over two independent streams).
  const z = Math.sqrt(-2 * Math.log(streams.u())) * Math.cos(2 * Math.PI * streams.v());
  return { seconds: behaviour.latency * Math.exp(0.3 * z), status: streams.e() < behaviour.errorRate ? 500 : 200 };
}

/**
 * An OTel-instrumented service: an SDK MeterProvider with the Prometheus exporter
 * served on 127.0.0.1 (port 0), `service.name`/`service.version` promoted to labels,
 * recording `http.server.request.duration` and `app.requests` while `running`.
 */
export interface InstrumentedApp {
  address: string;
  /** Records `count` simulated requests now. */
  serve(count: number): void;
  /** Exports pending OTLP data now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startInstrumentedApp(behaviour: AppBehaviour): Promise<InstrumentedApp> {
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    withResourceConstantLabels: /^service\.(name|version)$/,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': behaviour.service, 'service.version': behaviour.version }),
    readers: behaviour.otlpUrl
      ? [
          exporter,
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: behaviour.otlpUrl }),
            exportIntervalMillis: 1000,
          }),
        ]
      : [exporter],
  });
  const meter = provider.getMeter('checkout');
  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BOUNDS },
  });
  const requests = meter.createCounter('app.requests', { unit: '{request}' });
  const streams = {
    u: weylStream(behaviour.seed, Math.SQRT2 - 1),
    v: weylStream(behaviour.seed, (Math.sqrt(5) - 1) / 2),
    e: weylStream(behaviour.seed, Math.sqrt(3) - 1),
  };
  const server: Server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    serve(count) {
      for (let i = 0; i < count; i++) {
        const { seconds, status } = simulateRequest(streams, behaviour);
        const attributes = { 'http.request.method': 'GET', 'http.response.status_code': status };
        duration.record(seconds, attributes);
        requests.add(1, attributes);
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await provider.shutdown();
    },
    flush: () => provider.forceFlush(),
  };
}
