import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

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
}

/** Deterministic PRNG (mulberry32) so the traffic, and therefore the verdicts, are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One simulated request: latency (s) and status from the behaviour's distributions. */
export function simulateRequest(random: () => number, behaviour: AppBehaviour): { seconds: number; status: number } {
  // Log-normal around the median with sigma 0.3.
  const u = Math.max(random(), 1e-12);
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return { seconds: behaviour.latency * Math.exp(0.3 * z), status: random() < behaviour.errorRate ? 500 : 200 };
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
  close(): Promise<void>;
}

export async function startInstrumentedApp(behaviour: AppBehaviour): Promise<InstrumentedApp> {
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    withResourceConstantLabels: /^service\.(name|version)$/,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': behaviour.service, 'service.version': behaviour.version }),
    readers: [exporter],
  });
  const meter = provider.getMeter('checkout');
  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BOUNDS },
  });
  const requests = meter.createCounter('app.requests', { unit: '{request}' });
  const random = prng(behaviour.seed);
  const server: Server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    serve(count) {
      for (let i = 0; i < count; i++) {
        const { seconds, status } = simulateRequest(random, behaviour);
        const attributes = { 'http.request.method': 'GET', 'http.response.status_code': status };
        duration.record(seconds, attributes);
        requests.add(1, attributes);
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await provider.shutdown();
    },
  };
}
