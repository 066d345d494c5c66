import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../../api/parse-duration';
import { parseSize } from '../../api/parse-size';

function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 14d, 12h, 30m)`);
  return ms;
}

function size(value: string): number {
  const bytes = parseSize(value);
  if (bytes === null || bytes <= 0) throw new InvalidArgumentError(`"${value}" is not a size (e.g. 64MiB, 512k)`);
  return bytes;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port (0-65535)`);
  return n;
}

interface ServeFlags {
  host: string;
  port: number;
  dataDir: string;
  retention: number;
  maxBody: number;
  maxCompressedBody: number;
  maxSeriesPerMetric: number;
  tokenFile?: string;
  analyses?: string;
  webhook: string[];
  webhookSecretEnv?: string;
}

/** `aviary serve`: a thin wrapper over `startServer`. Stops cleanly on SIGINT/SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Receive OpenTelemetry metrics over OTLP/HTTP (POST /v1/metrics) into a durable store and serve the query API.',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').argParser(port).default(4318))
    .option('--data-dir <dir>', 'directory of the store', '.aviary')
    .addOption(
      new Option('--retention <duration>', 'prune data older than this (e.g. 14d, 48h)')
        .argParser(duration)
        .default(14 * 86_400_000, '14d'),
    )
    .addOption(
      new Option('--max-body <size>', 'largest request body after decompression (413 above)')
        .argParser(size)
        .default(64 * 1024 * 1024, '64MiB'),
    )
    .addOption(
      new Option('--max-compressed-body <size>', 'largest compressed request body (413 above)')
        .argParser(size)
        .default(16 * 1024 * 1024, '16MiB'),
    )
    .addOption(
      new Option('--max-series-per-metric <n>', 'new series of one metric beyond this are refused (cardinality cap)')
        .argParser(positiveInt)
        .default(50_000),
    )
    .option(
      '--token-file <file>',
      'API tokens (YAML: tokens: [{name, scope: read|write, token}]); required off loopback',
    )
    .option('--analyses <file>', 'analyses judged continuously (YAML/JSON: analyses, webhooks)')
    .option(
      '--webhook <url>',
      'POST every verdict change here, signed with --webhook-secret-env (required with it; repeatable)',
      (url: string, all: string[]) => {
        if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
          throw new InvalidArgumentError(`"${url}" is not an http(s) URL`);
        }
        return [...all, url];
      },
      [],
    )
    .option(
      '--webhook-secret-env <name>',
      'environment variable holding the HMAC-SHA256 key that signs --webhook deliveries (required with --webhook)',
    )
    .action(async (flags: ServeFlags) => {
      const dataDir = resolve(flags.dataDir);
      const secret = flags.webhookSecretEnv ? process.env[flags.webhookSecretEnv] : undefined;
      if (flags.webhookSecretEnv && !secret)
        throw new InvalidArgumentError(`--webhook-secret-env: ${flags.webhookSecretEnv} is not set`);
      if (flags.webhook.length > 0 && !secret)
        throw new InvalidArgumentError(
          '--webhook needs --webhook-secret-env NAME: deliveries are signed (HMAC-SHA256) so receivers can trust them',
        );
      // Loaded here, not at the top: the store (native SQLite) and the server are not needed by other commands.
      const [{ createIntegrations }, { startServer }] = await Promise.all([
        import('../../api/integrations'),
        import('../../api/server'),
      ]);
      const integrations = createIntegrations({
        analysesFile: flags.analyses,
        webhooks: flags.webhook.map((url) => ({ url, secret: secret ?? null })),
      });
      const server = await startServer({
        tokenFile: flags.tokenFile,
        routes: integrations.routes,
        host: flags.host,
        port: flags.port,
        dataDir,
        retentionMs: flags.retention,
        limits: { maxBytes: flags.maxBody, maxCompressedBytes: flags.maxCompressedBody },
        maxSeriesPerMetric: flags.maxSeriesPerMetric,
        log: (line) => process.stderr.write(`aviary: ${line}\n`),
      });
      process.stdout.write(
        `aviary: listening on ${server.url} (OTLP/HTTP metrics: ${server.url}/v1/metrics), data in ${dataDir}\n`,
      );
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(3),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
