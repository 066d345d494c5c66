import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  /** `service.version`: the release this process runs. */
  release: string;
}

/**
 * Starts the OpenTelemetry Node SDK for metrics only. Everything else comes
 * from the standard environment: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`
 * (OTLP/HTTP protobuf by default), `OTEL_METRIC_EXPORT_INTERVAL`,
 * `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (delta here unless set)
 * and `OTEL_RESOURCE_ATTRIBUTES`. Traces and logs are off unless asked for.
 * Returns a function that flushes and shuts the SDK down.
 */
export function startTelemetry(options: TelemetryOptions): () => Promise<void> {
  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE ??= 'delta';
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.release,
    }),
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
