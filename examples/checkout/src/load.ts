/**
 * `npm run load -w examples/checkout -- [options]`: starts a baseline and a
 * canary checkout process exporting to an OTLP endpoint (for example
 * `aviary serve`) and drives identical traffic at both.
 *
 *   --endpoint URL            OTLP/HTTP metrics endpoint (default http://127.0.0.1:4318/v1/metrics)
 *   --baseline VERSION        service.version of the baseline (default 1.4.0)
 *   --canary VERSION          service.version of the canary (default 1.5.0)
 *   --canary-regression SPEC  e.g. "slowdown=1.15,tail=0.08,tailMs=300,errors=0.04"
 *   --flag-regression SPEC    e.g. "new-checkout-flow=on:slowdown=1.6,errors=0.03" (both releases)
 *   --rate N                  requests per second per release (default 50)
 *   --duration SECONDS        default 60
 */
import { parseArgs } from 'node:util';
import { runLoad } from './load-generator';
import { parseFlagRegression, parseRegression } from './regression';
import { type ServiceProcess, startService } from './service-process';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://127.0.0.1:4318/v1/metrics' },
    baseline: { type: 'string', default: '1.4.0' },
    canary: { type: 'string', default: '1.5.0' },
    'canary-regression': { type: 'string', default: '' },
    'flag-regression': { type: 'string', default: '' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
  },
});

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const rate = positive('rate', values.rate);
  const duration = positive('duration', values.duration);
  // Validate the specs here so a typo fails before any process starts.
  parseRegression(values['canary-regression'], '--canary-regression');
  parseFlagRegression(values['flag-regression'], '--flag-regression');
  const common = { metricsEndpoint: values.endpoint, flagRegression: values['flag-regression'] };
  const services: ServiceProcess[] = await Promise.all([
    startService({ release: values.baseline, ...common }),
    startService({ release: values.canary, ...common, regression: values['canary-regression'] }),
  ]);
  const abort = new AbortController();
  const stop = async (): Promise<void> => {
    abort.abort();
    await Promise.all(services.map((s) => s.stop()));
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (const s of services) process.stdout.write(`checkout ${s.release} at ${s.url} (pid ${s.pid})\n`);
  const stats = await runLoad({
    targets: services.map((s) => ({ name: s.release, url: s.url })),
    rate,
    durationMs: duration * 1000,
    signal: abort.signal,
    onProgress: ({ elapsedMs, byTarget }) => {
      const parts = Object.entries(byTarget).map(([name, s]) => `${name}: ${s.sent} sent, ${s.serverErrors} 5xx`);
      process.stdout.write(`${(elapsedMs / 1000).toFixed(0)}s  ${parts.join('  ')}\n`);
    },
  });
  await stop();
  process.stdout.write(`${JSON.stringify(stats.byTarget)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${(error as Error).message}\n`);
  process.exit(3);
});
