import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/store';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** What a request handler gets: the raw request/response, parsed URL, path params and the server's services. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Values of `:name` segments of the route's path. */
  params: Record<string, string>;
  route: Route;
  server: ServerServices;
}

/** Long-lived services shared by all routes. */
export interface ServerServices {
  store: Store;
  /** The server's resolved options (limits, token, ...). */
  options: ResolvedServerOptions;
  log: (line: string) => void;
  /** Called on `close()` before the store closes (routes flush their queues here). */
  onClose: Array<() => Promise<void> | void>;
}

export interface Route {
  method: HttpMethod;
  /** Exact path, with optional `:name` segments, e.g. `/api/analyses/:id`. */
  path: string;
  /** Public routes (health, OTLP ingest) are skipped by auth middleware. */
  public?: boolean;
  handle(ctx: RouteContext): Promise<void> | void;
}

/** A route file exports one of these; it is called once at start-up. */
export type RouteFactory = (server: ServerServices) => Route[];

/** Builds a middleware at start-up, or returns null to stay out (e.g. auth without a configured token). */
export type MiddlewareFactory = (server: ServerServices) => Middleware | null;

/** Runs around every matched route; call `next()` to continue, or answer and return to stop. */
export type Middleware = (ctx: RouteContext, next: () => Promise<void>) => Promise<void>;

/** Limits on request bodies (after `Content-Encoding` is undone). */
export interface BodyLimits {
  /** Max decompressed body (default 64 MiB). */
  maxBytes: number;
  /** Max compressed body on the wire (default 16 MiB). */
  maxCompressedBytes: number;
  /** Max decompressed/compressed ratio (default 200). */
  maxRatio: number;
}

export interface ResolvedServerOptions {
  host: string;
  port: number;
  dataDir: string;
  retentionMs: number;
  limits: BodyLimits;
  /** Points waiting to be written beyond which OTLP exports get 503 + Retry-After. */
  maxQueuedPoints: number;
  maxSeriesPerMetric: number;
  /** API token file (`--token-file`), read by the auth middleware when one is registered. */
  tokenFile?: string;
}
