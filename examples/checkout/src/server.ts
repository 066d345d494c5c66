/**
 * Runs one checkout process. Configuration (all optional):
 *   PORT (0 = any free port), HOST (127.0.0.1), CHECKOUT_RELEASE (service.version, default 1.0.0),
 *   CHECKOUT_FLAGS (flagd JSON, default flags/checkout.flagd.json next to this package),
 *   CHECKOUT_REGRESSION ("slowdown=1.3,tail=0.05,tailMs=300,errors=0.04"),
 *   CHECKOUT_FLAG_REGRESSION ("new-checkout-flow=on:slowdown=1.5"), CHECKOUT_EXIT_WITH_PARENT=1 (stop when the parent dies),
 *   plus the standard OTEL_* variables (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, OTEL_METRIC_EXPORT_INTERVAL, ...).
 * Prints one JSON line `{"event":"listening","url":...}` on stdout when ready.
 */
import { OpenFeature } from '@openfeature/server-sdk';
import { metrics } from '@opentelemetry/api';
import { createCheckoutServer } from './checkout-service';
import { createFlagsClient } from './flags';
import { parseFlagRegression, parseRegression } from './regression';
import { createRequestMetrics } from './request-metrics';
import { startTelemetry } from './telemetry';

async function main(): Promise<void> {
  const env = process.env;
  const release = env.CHECKOUT_RELEASE ?? '1.0.0';
  const regression = parseRegression(env.CHECKOUT_REGRESSION, 'CHECKOUT_REGRESSION');
  const flagRegression = parseFlagRegression(env.CHECKOUT_FLAG_REGRESSION, 'CHECKOUT_FLAG_REGRESSION');
  const port = Number(env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: not a port number: ${env.PORT}`);

  // The SDK first: instruments and the OpenFeature hook take their meter from the global provider.
  const shutdownTelemetry = startTelemetry({ serviceName: env.OTEL_SERVICE_NAME ?? 'checkout', release });
  const flags = await createFlagsClient(env.CHECKOUT_FLAGS || undefined);

  const server = createCheckoutServer({
    release,
    flags,
    metrics: createRequestMetrics(metrics.getMeter('checkout')),
    regression,
    ...(flagRegression ? { flagRegression } : {}),
  });
  server.listen(port, env.HOST ?? '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
    const url = `http://${address.address}:${address.port}`;
    process.stdout.write(`${JSON.stringify({ event: 'listening', url, release, pid: process.pid })}\n`);
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    // Flushes the last interval; capped, because the engine may be gone already.
    await Promise.race([shutdownTelemetry(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await OpenFeature.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // Started by the demo or a test (CHECKOUT_EXIT_WITH_PARENT=1): end with the parent, even a killed one.
  if (env.CHECKOUT_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop();
    }, 500).unref();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`checkout: ${(error as Error).message}\n`);
  process.exit(1);
});
