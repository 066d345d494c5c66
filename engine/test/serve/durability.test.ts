import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticExport, toProtobuf } from '../receiver/otlp-payloads';

const engineDir = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'aviary-durable-'));

/** Starts `node bin/aviary.js serve` on a free port and resolves with its URL once it listens. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/aviary.js', 'serve', '--port', '0', '--data-dir', dir], {
    cwd: engineDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const SERIES = 40;
const BATCHES = 60;
const now = Date.now();
/** Batch `b` carries `batch=b` on every point; series `i` has value `b * 1000 + i`. */
const payload = (b: number) =>
  toProtobuf(
    syntheticExport({
      series: SERIES,
      timeMs: now - 60_000 + b,
      instruments: ['counter'],
      extra: { batch: b },
      counterValue: (i) => b * 1000 + i,
    }),
  );
const expectedSum = (b: number) => SERIES * b * 1000 + (SERIES * (SERIES - 1)) / 2;

describe('durability', () => {
  it('keeps every acknowledged export across SIGKILL of the server and restarts without manual steps', async () => {
    const first = await serve();
    const acked: number[] = [];
    let next = 0;
    let killed = false;
    // Four exporters in parallel; the server is killed with SIGKILL right after the 40th acknowledgement,
    // while other exports are still in flight.
    const worker = async () => {
      while (!killed && next < BATCHES) {
        const b = next++;
        try {
          const res = await fetch(`${first.url}/v1/metrics`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: payload(b),
          });
          if (res.status === 200 && (await res.arrayBuffer()).byteLength === 0) {
            acked.push(b);
            if (acked.length === 40 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          }
        } catch {
          // connection reset by the kill: not acknowledged
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await new Promise<void>((resolve) => {
      if (first.child.exitCode !== null || first.child.signalCode !== null) resolve();
      else first.child.once('exit', () => resolve());
    });
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(40);

    const second = await serve();
    const window = `from=${now - 3_600_000}&to=${now + 60_000}&step=1h`;
    for (const b of acked) {
      const res = await fetch(`${second.url}/api/series?metric=app.requests&batch=${b}&${window}`);
      const body = (await res.json()) as { series: number; buckets: Array<{ sum: number }> };
      expect({ batch: b, series: body.series, sum: body.buckets.reduce((s, x) => s + x.sum, 0) }).toEqual({
        batch: b,
        series: SERIES,
        sum: expectedSum(b),
      });
    }
    // Per-release stats are rebuilt from what was written after their last flush.
    const releases = (await (await fetch(`${second.url}/api/releases`)).json()) as {
      releases: Array<{ points: number; series: number }>;
    };
    expect(releases.releases[0]?.points).toBeGreaterThanOrEqual(acked.length * SERIES);
    expect(releases.releases[0]?.series).toBeGreaterThanOrEqual(acked.length * SERIES);
    // The restarted server keeps accepting.
    const more = await fetch(`${second.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: payload(BATCHES + 1),
    });
    expect(more.status).toBe(200);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(second.child.exitCode).toBe(0);
  });
});
