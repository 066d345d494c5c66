import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus-generator';

// Reader threads run the bundle (built by the global setup): dist/scan-reader.js and the dist/code.js it pairs with.
type CodeModule = typeof import('../../src/code/index') & typeof import('../../src/code/scan');
const dist = join(__dirname, '../../dist');
const readerScript = join(dist, 'scan-reader.js');
let code: CodeModule;
const root = mkdtempSync(join(tmpdir(), 'aviary-readers-'));

beforeAll(async () => {
  code = (await import(join(dist, 'code.js'))) as CodeModule;
  // Large enough for reader threads; expiry comments in files that do not evaluate flags too.
  generateCorpus(root, 2400, 0.05, 9);
  writeFileSync(join(root, 'src/expiring.ts'), '// @flag-expires 2020-01-01\nexport const unused = 1;\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A scan result without its timings (which differ from run to run). */
function comparable(result: Awaited<ReturnType<CodeModule['scanFlags']>>) {
  const { timings: _timings, ...rest } = result;
  return rest;
}

describe('scan with reader threads', () => {
  it('gives the same result as reading in this thread, with one reader and with several', async () => {
    const config = code.defaultConfig();
    const inThread = comparable(await code.scanFlags({ root, config }));
    expect(inThread.filesScanned).toBeGreaterThanOrEqual(2400);
    expect(inThread.wrappers.length).toBeGreaterThan(0);
    expect(inThread.expiries.length).toBeGreaterThan(0);
    for (const readers of [1, 3]) {
      const progress: number[] = [];
      const parallel = await code.scanFlags({
        root,
        config,
        parallel: { readerScript, readers },
        onProgress: (phase, done) => {
          if (phase === 'read') progress.push(done);
        },
      });
      expect(comparable(parallel)).toEqual(inThread);
      expect(progress.at(-1)).toBe(inThread.filesScanned);
    }
  });

  it('fails the scan when a reader fails', async () => {
    const broken = join(root, '..', `broken-reader-${process.pid}.mjs`);
    writeFileSync(broken, "throw new Error('cannot read here');\n");
    try {
      await expect(
        code.scanFlags({ root, config: code.defaultConfig(), parallel: { readerScript: broken } }),
      ).rejects.toThrow('cannot read here');
    } finally {
      rmSync(broken, { force: true });
    }
  });
});
