/**
 * Ingest benchmark: realistic OTLP protobuf exports (1,000 series of histograms and 1,000 of counters per
 * request, semconv HTTP attributes plus flag attributes, serialized by the OTel SDK's own serializer) sent
 * over HTTP to `aviary serve` running in its own process, each acknowledged only after its SQLite
 * commit. Prints data points per second end to end beside the bare decode rate of the same payloads
 * measured in this run, their ratio, and peak RSS. Targets: >= 200,000 points/s, >= 0.5 of decode.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { decodeMetricsProtobuf } from '../src/receiver/decode-protobuf';
import { syntheticExport, toProtobuf } from '../test/receiver/otlp-payloads';

const SERIES = 1000;
const REQUESTS = 150;
const WARMUP = 10;
const CONCURRENCY = 4;
const engineDir = fileURLToPath(new URL('..', import.meta.url));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function payloads(count: number, offset: number): Buffer[] {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, i) =>
    toProtobuf(
      syntheticExport({
        series: SERIES,
        timeMs: start + (offset + i) * 1000,
        startMs: start + (offset + i - 1) * 1000,
      }),
    ),
  );
}

function decodeRate(bodies: Buffer[]): number {
  let points = 0;
  for (const b of bodies.slice(0, 20)) decodeMetricsProtobuf(b); // warm-up
  const t0 = process.hrtime.bigint();
  for (const b of bodies) for (const m of decodeMetricsProtobuf(b).metrics) points += m.points.length;
  return points / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // Always rebuild: a stale bundle would measure yesterday's code.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: engineDir, stdio: 'inherit' });
  const child = spawn(process.execPath, ['bin/aviary.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: engineDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`aviary serve did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`aviary serve exited with ${code}`)));
  });
}

async function send(url: string, bodies: Buffer[], gzip: boolean): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as Buffer;
      const res = await fetch(`${url}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
        body,
      });
      const reply = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || reply.length !== 0)
        throw new Error(`export refused: ${res.status} ${reply.toString()}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const bodies = payloads(REQUESTS, WARMUP);
  const warm = payloads(WARMUP, 0);
  const pointsPerRequest = SERIES * 2;
  const bytes = bodies[0]?.length ?? 0;
  console.log(
    `payload: ${fmt(SERIES)} histogram + ${fmt(SERIES)} counter series per request = ${fmt(pointsPerRequest)} points, ${fmt(bytes / 1024)} KiB protobuf (OTel SDK serializer)`,
  );
  const decode = decodeRate(bodies);
  console.log(`bare decode (hand-written decoder, this process, one core): ${fmt(decode)} points/s`);

  const dir = mkdtempSync(join(tmpdir(), 'aviary-bench-'));
  const { child, url } = await startServe(dir);
  try {
    await send(url, warm, false); // creates the series; the measured run is steady state
    const seconds = await send(url, bodies, false);
    const e2e = (REQUESTS * pointsPerRequest) / seconds;
    const gzBodies = payloads(60, WARMUP + REQUESTS).map((b) => gzipSync(b));
    const gzSeconds = await send(url, gzBodies, true);
    const gz = (gzBodies.length * pointsPerRequest) / gzSeconds;
    const serverRss = child.pid ? peakRssMiB(child.pid) : Number.NaN;
    const ratio = e2e / decode;
    console.log(
      `end to end (HTTP -> decode -> SQLite WAL commit -> 200, aviary serve process, ${CONCURRENCY} clients): ${fmt(e2e)} points/s over ${REQUESTS} requests`,
    );
    console.log(`end to end with gzip bodies: ${fmt(gz)} points/s`);
    console.log(
      `ratio end-to-end / bare decode: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'})`,
    );
    console.log(`target >= 200,000 points/s end to end: ${e2e >= 200_000 ? 'met' : 'NOT met'}`);
    console.log(
      `peak RSS: server ${serverRss.toFixed(0)} MiB, bench client ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
