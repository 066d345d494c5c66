import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnalysisStatus } from '../../engine/src/continuous/continuous-analysis';
import type { FlagSummary } from '../../engine/src/store/store-types';

/** What the fake engine answers: evaluations by variant per flag and verdicts per flag. */
export interface FakeEngineData {
  flags: Array<{ key: string; variants: Record<string, number>; firstSeen: number; lastSeen: number }>;
  verdicts: Record<string, { verdict: 'go' | 'no-go' | 'inconclusive'; reason: string }>;
  /** When set, every request needs `Authorization: Bearer <token>` and gets the engine's 401 otherwise. */
  token?: string;
}

/** Epoch ms `days` days before now. */
export function daysAgo(days: number): number {
  return Date.now() - days * 86_400_000;
}

/** The engine's `GET /api/flags` body (the store's `FlagSummary` shape). */
function flagsBody(data: FakeEngineData): { flags: FlagSummary[] } {
  return {
    flags: data.flags.map((f) => ({
      flag: f.key,
      services: ['checkout'],
      variants: Object.entries(f.variants).map(([variant, evaluations]) => ({
        variant,
        evaluations,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
      })),
      requests: Object.values(f.variants).reduce((a, b) => a + b, 0),
      errors: 0,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
    })),
  };
}

export interface FakeEngine {
  url: string;
  /** Request paths received, in order. */
  requests: string[];
  /** The `Authorization` header of each request (empty when absent), in the order of `requests`. */
  authorizations: string[];
  close(): Promise<void>;
}

/** The engine's `GET /api/analyses` body: one flag-variant analysis per verdict, with its latest judgement. */
function analysesBody(data: FakeEngineData): { analyses: Array<Partial<AnalysisStatus>> } {
  return {
    analyses: Object.entries(data.verdicts).map(([flag, v]) => ({
      id: `${flag}-rollout`,
      origin: 'file',
      state: 'running',
      latest: {
        seq: 1,
        analysisId: `${flag}-rollout`,
        at: Date.now(),
        window: { from: Date.now() - 1_800_000, to: Date.now() },
        verdict: v.verdict,
        reason: v.reason,
        changed: false,
        release: null,
        flag,
        result: {},
        inputDigest: '',
        hash: '',
      },
    })),
  };
}

/**
 * A small HTTP server standing in for `aviary serve` (`GET /api/flags`, `GET /api/analyses`), on 127.0.0.1:0; with
 * `data.token`, it answers 401 like an engine started with `--token-file` unless the request carries that token.
 */
export async function startFakeEngine(data: FakeEngineData): Promise<FakeEngine> {
  const requests: string[] = [];
  const authorizations: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    authorizations.push(request.headers.authorization ?? '');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (data.token !== undefined && request.headers.authorization !== `Bearer ${data.token}`) {
      return send(401, { error: 'invalid API token' }, { 'www-authenticate': 'Bearer realm="aviary"' });
    }
    if (url.pathname === '/api/flags') return send(200, flagsBody(data));
    if (url.pathname === '/api/analyses') return send(200, analysesBody(data));
    return send(404, { error: `no route ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
