import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_ENTRY = fileURLToPath(new URL('./server.ts', import.meta.url));

export interface ServiceSpec {
  /** `service.version` of this process. */
  release: string;
  /** OTLP/HTTP metrics endpoint (full URL, `.../v1/metrics`). */
  metricsEndpoint: string;
  /** Metric export interval in ms (the demo uses 1000). */
  exportIntervalMs?: number;
  /** `CHECKOUT_REGRESSION` spec, e.g. `slowdown=1.3,tail=0.05,tailMs=300,errors=0.04`. */
  regression?: string;
  /** `CHECKOUT_FLAG_REGRESSION` spec, e.g. `new-checkout-flow=on:slowdown=1.5`. */
  flagRegression?: string;
  /** Extra environment (e.g. `OTEL_RESOURCE_ATTRIBUTES`). */
  env?: Record<string, string>;
}

export interface ServiceProcess {
  release: string;
  url: string;
  pid: number;
  /** SIGTERM, which flushes the last metrics; SIGKILL after `graceMs`. Resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every service process still running (synchronous; for exit handlers). */
export function killAllServices(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Starts one checkout process (`node --import tsx src/server.ts`) on a free
 * loopback port and resolves once it listens. Fails with the process's
 * stderr if it exits first or does not listen within `timeoutMs`.
 */
export function startService(spec: ServiceSpec, timeoutMs = 60_000): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CHECKOUT_RELEASE: spec.release,
    CHECKOUT_REGRESSION: spec.regression ?? '',
    CHECKOUT_FLAG_REGRESSION: spec.flagRegression ?? '',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: spec.metricsEndpoint,
    OTEL_METRIC_EXPORT_INTERVAL: String(spec.exportIntervalMs ?? 1000),
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
    CHECKOUT_EXIT_WITH_PARENT: '1',
    ...spec.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });

  return new Promise<ServiceProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`checkout ${spec.release} did not listen within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`checkout ${spec.release} exited (${signal ?? code}) before listening\n${stderr}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let message: { event?: string; url?: string };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.event !== 'listening' || typeof message.url !== 'string') return;
      clearTimeout(timer);
      resolve({
        release: spec.release,
        url: message.url,
        pid: child.pid ?? -1,
        async stop(graceMs = 5000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(force);
        },
      });
    });
  });
}
