import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnalysisStatus } from '../../engine/src/continuous/continuous-analysis';
import type { FlagSummary } from '../../engine/src/store/store-types';

/** What the fake engine answers: evaluations by variant per flag and verdicts per flag. */
export interface FakeEngineData {
  flags: Array<{ key: string; variants: Record<string, number>; firstSeen: number; lastSeen: number }>;
  verdicts: Record<string, { verdict: 'go' | 'no-go' | 'inconclusive'; reason: string }>;
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

/** A small HTTP server standing in for `aviary serve` (`GET /api/flags`, `GET /api/analyses`), on 127.0.0.1:0. */
export async function startFakeEngine(data: FakeEngineData): Promise<FakeEngine> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/flags') return send(200, flagsBody(data));
    if (url.pathname === '/api/analyses') return send(200, analysesBody(data));
    return send(404, { error: `no route ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
