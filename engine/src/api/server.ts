/**
 * The engine's HTTP server: OTLP/HTTP ingest (`POST /v1/metrics`), the JSON query API and whatever
 * other routes are registered.
 *
 * Adding routes: write `engine/src/api/routes/<name>.ts` exporting a `RouteFactory`
 * (`(server: ServerServices) => Route[]`; each `Route` is `{ method, path, public?, handle(ctx) }`,
 * paths may hold `:name` params) and add it to `routeFactories` in `engine/src/api/registry.ts`. Handlers
 * read bodies with `readBody(ctx.req, ctx.server.options.limits)`, answer with `sendJson`, and throw
 * `HttpError(status, message)` for client errors; anything else thrown becomes a 500 and the server
 * keeps serving. Routes can also be passed per server through `ServerOptions.routes`.
 *
 * Auth hook: a `Middleware` (`(ctx, next) => Promise<void>`) runs around every matched route, in order.
 * An API-token middleware reads `ctx.server.options.tokenFile`, lets `ctx.route.public` routes through,
 * and answers 401 itself (without calling `next`) otherwise. Register it in `middlewareFactories` in
 * `registry.ts` (or pass `ServerOptions.middleware`).
 *
 * `startServer(options)` returns `{ url, port, store, close() }`; `aviary serve` is a thin wrapper.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store } from '../store/store';
import { HttpError } from './http-error';
import { DEFAULT_BODY_LIMITS } from './read-body';
import { middlewareFactories, routeFactories } from './registry';
import type {
  BodyLimits,
  Middleware,
  ResolvedServerOptions,
  Route,
  RouteContext,
  RouteFactory,
  ServerServices,
} from './route';
import { matchRoute } from './router';
import { sendJson } from './send-json';

export interface ServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4318 (OTLP/HTTP); 0 picks a free port. */
  port?: number;
  /** Default `.aviary` in the working directory. Ignored when `store` is given. */
  dataDir?: string;
  /** An already open store (the caller closes it). */
  store?: Store;
  /** Points older than this are pruned (default 14 days); checked at start and hourly. */
  retentionMs?: number;
  limits?: Partial<BodyLimits>;
  /** Default 2,000,000 points waiting for the disk. */
  maxQueuedPoints?: number;
  /** Default 50,000. */
  maxSeriesPerMetric?: number;
  /** API token file for the auth middleware (see `registry.ts`). */
  tokenFile?: string;
  /** Extra routes (after the registered ones). */
  routes?: RouteFactory[];
  /** Extra middleware (after the registered ones). */
  middleware?: Middleware[];
  /** Log sink (default: none). */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  services: ServerServices;
  /** Stops accepting requests, finishes queued writes, closes the store if the server opened it. */
  close(): Promise<void>;
}

const DAY = 86_400_000;

function resolveOptions(options: ServerOptions): ResolvedServerOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4318,
    dataDir: options.dataDir ?? '.aviary',
    retentionMs: options.retentionMs ?? 14 * DAY,
    limits: { ...DEFAULT_BODY_LIMITS, ...options.limits },
    maxQueuedPoints: options.maxQueuedPoints ?? 2_000_000,
    maxSeriesPerMetric: options.maxSeriesPerMetric ?? 50_000,
    tokenFile: options.tokenFile,
  };
}

function sendError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  const status = error instanceof HttpError ? error.status : 500;
  const message = error instanceof Error ? error.message : String(error);
  if (status >= 500) log(`error: ${error instanceof Error ? (error.stack ?? message) : message}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: message }, error instanceof HttpError ? error.headers : {});
}

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const resolved = resolveOptions(options);
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    openStore({ dataDir: resolved.dataDir, maxSeriesPerMetric: resolved.maxSeriesPerMetric, busyTimeoutMs: 20 });
  const log = options.log ?? (() => {});
  const services: ServerServices = { store, options: resolved, log, onClose: [] };
  const routes: Route[] = [...routeFactories, ...(options.routes ?? [])].flatMap((factory) => factory(services));
  const middleware: Middleware[] = [
    ...middlewareFactories.map((factory) => factory(services)).filter((m): m is Middleware => m !== null),
    ...(options.middleware ?? []),
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (match.kind === 'not-found') throw new HttpError(404, `no route for ${url.pathname}`);
    if (match.kind === 'wrong-method') {
      throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}; use ${match.allow.join(', ')}`, {
        allow: match.allow.join(', '),
      });
    }
    const ctx: RouteContext = { req, res, url, params: match.params, route: match.route, server: services };
    const run = async (i: number): Promise<void> => {
      const next = middleware[i];
      if (next) await next(ctx, () => run(i + 1));
      else await match.route.handle(ctx);
    };
    await run(0);
  };

  const server = createServer((req, res) => {
    res.on('error', () => {});
    handle(req, res).catch((error: unknown) => sendError(res, error, log));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const prune = () => {
    try {
      const deleted = store.prune(Date.now() - resolved.retentionMs);
      if (deleted > 0) log(`retention: pruned ${deleted} points older than ${resolved.retentionMs / DAY} days`);
    } catch (error) {
      log(`retention: prune failed: ${(error as Error).message}`);
    }
  };
  prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    services,
    close: async () => {
      clearInterval(pruneTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      for (const hook of services.onClose) await hook();
      if (ownsStore) store.close();
    },
  };
}
