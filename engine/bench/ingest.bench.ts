/**
 * Ingest benchmark: realistic OTLP protobuf exports (1,000 series of histograms and 1,000 of counters per
 * request, semconv HTTP attributes plus flag attributes, serialized by the OTel SDK's own serializer) sent
 * over HTTP to `aviary serve` running in its own process, each acknowledged only after its SQLite
 * commit; once with delta and once with cumulative temporality (the OTel SDK's default, converted to
 * deltas at ingest). Both rates are points per CPU-second ("on one core", whatever else runs on the
 * machine): the server's is its process CPU (all threads) while it ingests; the bare decode's is this
 * process's CPU while it decodes the same bodies. The two alternate block by block (BLOCKS per round), so
 * that a slower or faster spell of this shared machine falls on both sides of the ratio. A third server, Node's
 * HTTP reading and decoding the same bodies and storing nothing (`http-decode-server.ts`), gets every block too:
 * it splits the server's CPU into decoding, HTTP and storing. Each round also sends the same exports as OTLP/JSON
 * (JSON_REQUESTS, what the OTel JS `-otlp-http` exporter sends) and prints the server's rate on them. Also prints the
 * wall-clock rate and the server's peak RSS. Targets (issue 2): >= 200,000 points/s and >= 0.5 of bare
 * decode, judged on the median of ROUNDS rounds (5 by default). Run: `npm run bench -w engine -- ingest`
 * (REQUESTS=160 by default, WARMUP=20).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { decodeMetricsProtobuf } from '../src/receiver/decode-protobuf';
import { syntheticExport, toJson, toProtobuf } from '../test/receiver/otlp-payloads';
import { aviaryNodeOptions } from './aviary-node-options';

const SERIES = 1000;
const REQUESTS = Number(process.env.REQUESTS ?? 160);
/** Rounds of (delta, cumulative): this VM's runs differ by up to 50%, so one round alone says little. */
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 20);
/** Blocks per round: each is decoded here, then sent to the server. */
const BLOCKS = Number(process.env.BLOCKS ?? 8);
const CONCURRENCY = 4;
/** OTLP/JSON requests per round, sent after the protobuf ones. */
const JSON_REQUESTS = 40;
const engineDir = fileURLToPath(new URL('..', import.meta.url));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

type Temporality = 'delta' | 'cumulative';

/**
 * Each client is one instance (`service.instance.id`) sending its own exports in order, as an SDK does;
 * cumulative exports share one start time and grow, as the OTel SDK's default exports do.
 */
function payloads(count: number, offset: number, temporality: Temporality, json = false): Buffer[][] {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: CONCURRENCY }, (_, lane) =>
    Array.from({ length: Math.ceil(count / CONCURRENCY) }, (_, k) => {
      const i = offset + k;
      return (json ? toJson : toProtobuf)(
        syntheticExport({
          series: SERIES,
          temporality,
          instance: `pod-${lane + 1}`,
          timeMs: start + i * 1000,
          startMs: temporality === 'cumulative' ? start - 1000 : start + (i - 1) * 1000,
          counterValue: (s) => s + i * 3,
        }),
      );
    }),
  );
}

/** CPU seconds (user + system, all threads) this process used to decode `bodies`, and their points. */
function decodeCpu(bodies: Buffer[]): { seconds: number; points: number } {
  let points = 0;
  const before = process.cpuUsage();
  for (const b of bodies) for (const m of decodeMetricsProtobuf(b).metrics) points += m.points.length;
  const used = process.cpuUsage(before);
  return { seconds: (used.user + used.system) / 1e6, points };
}

/** Starts a server process with `args` (after the command's Node options) and waits for its URL. */
function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  // SERVE_NODE_ARGS: extra Node options for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
  const nodeArgs = (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The options of the installed command (its #! line) first, as `npx aviary serve` runs.
  const child = spawn(process.execPath, [...aviaryNodeOptions(), ...nodeArgs, ...args], {
    cwd: engineDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // Always rebuild: a stale bundle would measure yesterday's code.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: engineDir, stdio: 'inherit' });
  return startServer(['bin/aviary.js', 'serve', '--port', '0', '--data-dir', dataDir]);
}

/**
 * The floor: Node's HTTP server reading and decoding the bodies as `aviary serve` does, storing nothing. Bundled by
 * esbuild into `dir` like the engine's `dist`, so that both servers run the same compiled code.
 */
function startHttpDecode(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const outfile = join(dir, 'http-decode-server.mjs');
  buildSync({
    absWorkingDir: engineDir,
    entryPoints: ['bench/http-decode-server.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return startServer([outfile]);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

interface Encoding {
  gzip?: boolean;
  json?: boolean;
}

/** Sends every lane's exports in order, the lanes concurrently; returns the seconds taken. */
async function send(url: string, lanes: Buffer[][], { gzip = false, json = false }: Encoding = {}): Promise<number> {
  const t0 = process.hrtime.bigint();
  const client = async (bodies: Buffer[]) => {
    for (const body of bodies) {
      const res = await fetch(`${url}/v1/metrics`, {
        method: 'POST',
        headers: {
          'content-type': json ? 'application/json' : 'application/x-protobuf',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        },
        body,
      });
      const reply = Buffer.from(await res.arrayBuffer());
      // A full success is an empty ExportMetricsServiceResponse: no bytes in protobuf, {} in JSON.
      if (res.status !== 200 || reply.toString() !== (json ? '{}' : ''))
        throw new Error(`export refused: ${res.status} ${reply.toString()}`);
    }
  };
  await Promise.all(lanes.map(client));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds (user + system) the process `pid` has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Sends `lanes` to the server `pid` listens for at `url`; returns the server's CPU seconds and the wall-clock seconds. */
async function sendMeasured(
  pid: number,
  url: string,
  lanes: Buffer[][],
  encoding: Encoding = {},
): Promise<{ cpu: number; wall: number }> {
  const cpu0 = cpuSeconds(pid);
  const wall = await send(url, lanes, encoding);
  return { cpu: cpuSeconds(pid) - cpu0, wall };
}

interface Run {
  temporality: Temporality;
  decode: number;
  /** Points per CPU-second of the floor server (HTTP + decode, nothing stored). */
  httpDecode: number;
  e2e: number;
  perServerCpu: number;
  gzip?: number;
  /** Points per CPU-second of the server on OTLP/JSON bodies of the same exports. */
  json: number;
  rss: number;
}

async function run(temporality: Temporality, withGzip: boolean): Promise<Run> {
  const warm = payloads(WARMUP, 0, temporality);
  const lanes = payloads(REQUESTS, WARMUP, temporality);
  const perBlock = Math.ceil((lanes[0]?.length ?? 0) / BLOCKS);
  const blocks = Array.from({ length: BLOCKS }, (_, k) =>
    lanes.map((lane) => lane.slice(k * perBlock, (k + 1) * perBlock)),
  );
  const dir = mkdtempSync(join(tmpdir(), 'aviary-bench-'));
  const serve = await startServe(dir);
  const floor = await startHttpDecode(dir);
  const pid = serve.child.pid as number;
  const floorPid = floor.child.pid as number;
  try {
    await send(serve.url, warm); // creates the series; the measured run is steady state
    await send(floor.url, warm);
    decodeCpu(warm.flat()); // and warms up the decoder here
    let decodeSeconds = 0;
    let floorSeconds = 0;
    let serverSeconds = 0;
    let wall = 0;
    let points = 0;
    for (const block of blocks) {
      const decoded = decodeCpu(block.flat());
      decodeSeconds += decoded.seconds;
      points += decoded.points;
      floorSeconds += (await sendMeasured(floorPid, floor.url, block)).cpu;
      const served = await sendMeasured(pid, serve.url, block);
      serverSeconds += served.cpu;
      wall += served.wall;
    }
    /** Points per server CPU-second on `lanes` sent with `encoding`. */
    const rate = async (lanes: Buffer[][], encoding: Encoding) =>
      (lanes.flat().length * SERIES * 2) / (await sendMeasured(pid, serve.url, lanes, encoding)).cpu;
    const gzip = withGzip
      ? await rate(
          payloads(60, WARMUP + REQUESTS, temporality).map((lane) => lane.map((b) => gzipSync(b))),
          { gzip: true },
        )
      : undefined;
    // The same exports as OTLP/JSON (what @opentelemetry/exporter-metrics-otlp-http sends), later in time.
    const json = await rate(payloads(JSON_REQUESTS, WARMUP + REQUESTS + 60, temporality, true), { json: true });
    return {
      temporality,
      decode: points / decodeSeconds,
      httpDecode: points / floorSeconds,
      e2e: points / wall,
      perServerCpu: points / serverSeconds,
      gzip,
      json,
      rss: peakRssMiB(pid),
    };
  } finally {
    await stop(serve.child);
    await stop(floor.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The round with the median ratio to bare decode (its own figures, so rate and ratio stay from one run). */
function medianRun(rounds: Run[]): Run {
  const sorted = [...rounds].sort((a, b) => a.perServerCpu / a.decode - b.perServerCpu / b.decode);
  return sorted[Math.floor(sorted.length / 2)] as Run;
}

async function main(): Promise<void> {
  const bytes = payloads(1, 0, 'delta')[0]?.[0]?.length ?? 0;
  console.log(
    `payload: ${fmt(SERIES)} histogram + ${fmt(SERIES)} counter series per request = ${fmt(SERIES * 2)} points, ${fmt(bytes / 1024)} KiB protobuf (OTel SDK serializer); ${REQUESTS} requests from ${CONCURRENCY} clients to an aviary serve process; each 200 only after its SQLite WAL commit`,
  );
  // Rounds alternate the temporalities, so both see the same machine; the targets are judged on the medians.
  const all: Run[] = [];
  for (let round = 0; round < ROUNDS; round += 1) all.push(await run('delta', true), await run('cumulative', false));
  console.log(
    `One core = data points per CPU-second of the aviary serve process (all its threads), which the clients and other jobs on the machine do not inflate; bare decode = points per CPU-second of this process decoding the same bodies, in ${BLOCKS} blocks alternating with the servers'; wall clock beside it. HTTP+decode only = a Node HTTP server that reads and decodes the same bodies with the receiver's code and stores nothing (bench/http-decode-server.ts): the floor of any store behind Node's HTTP. µs per point splits aviary serve's CPU into decoding (bare decode), Node's HTTP (floor - decode) and storing with the durable commit (serve - floor).`,
  );
  console.log(
    'temporality  bare decode/s  one core/s  ratio  wall clock/s  gzip bodies, one core/s  JSON bodies, one core/s  server peak RSS  HTTP+decode only/s  ratio  µs per point: decode + HTTP + storing',
  );
  for (const r of all) {
    const us = (rate: number) => 1e6 / rate;
    const split = `${us(r.decode).toFixed(2)} + ${(us(r.httpDecode) - us(r.decode)).toFixed(2)} + ${(us(r.perServerCpu) - us(r.httpDecode)).toFixed(2)}`;
    console.log(
      `${r.temporality.padEnd(11)}  ${fmt(r.decode).padStart(13)}  ${fmt(r.perServerCpu).padStart(10)}  ${(r.perServerCpu / r.decode).toFixed(2).padStart(5)}  ${fmt(r.e2e).padStart(12)}  ${(r.gzip === undefined ? '-' : fmt(r.gzip)).padStart(23)}  ${fmt(r.json).padStart(23)}  ${r.rss.toFixed(0).padStart(11)} MiB  ${fmt(r.httpDecode).padStart(18)}  ${(r.httpDecode / r.decode).toFixed(2).padStart(5)}  ${split}`,
    );
  }
  const runs = (['delta', 'cumulative'] as const).map((temporality) =>
    medianRun(all.filter((r) => r.temporality === temporality)),
  );
  if (ROUNDS > 1) {
    for (const r of runs) {
      console.log(
        `median of ${ROUNDS}, ${r.temporality}: ${fmt(r.perServerCpu)} points/s on one core, ratio ${(r.perServerCpu / r.decode).toFixed(2)}`,
      );
    }
  }
  const worst = (f: (r: Run) => number) => Math.min(...runs.map(f));
  const rate = worst((r) => r.perServerCpu);
  const ratio = worst((r) => r.perServerCpu / r.decode);
  console.log(
    `target >= 200,000 points/s end to end on one core (both temporalities): ${rate >= 200_000 ? 'met' : 'NOT met'} (${fmt(rate)})`,
  );
  console.log(
    `target end to end >= 0.50 of bare decode (both): ${ratio >= 0.5 ? 'met' : 'NOT met'} (${ratio.toFixed(2)})`,
  );
  console.log(`bench client peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

await main();
