import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, scanFlags } from '../../src/code/index';
import { generateCorpus } from './corpus-generator';

const root = mkdtempSync(join(tmpdir(), 'aviary-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scan of a generated tree (the benchmark corpus)', () => {
  it('finds exactly the evaluations the generator wrote, keys resolved, nothing else', async () => {
    const corpus = generateCorpus(root, 600, 0.1, 7);
    const result = await scanFlags({ root, config: defaultConfig() });
    const found = new Map<string, string[]>();
    for (const r of result.references) {
      expect(r.key).not.toBeNull();
      found.set(r.file, [...(found.get(r.file) ?? []), r.key as string]);
    }
    expect(found).toEqual(corpus.expected);
    expect(result.wrappers).toContainEqual(
      expect.objectContaining({ name: 'isFeatureOn', keyArg: 0, file: 'src/flags/client.ts' }),
    );
    expect(result.filesScanned).toBe(600);
  });
});
