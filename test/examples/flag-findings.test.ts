import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Finding {
  key: string;
  stale: boolean;
  reasons: { code: string; keep?: { value: unknown } }[];
  references: { file: string }[];
}

/**
 * `aviary flags stale` on the checkout example, as the demo and a CI job run it: the example's code holds
 * one active flag, one targeted flag, one flag fully rolled out (stale, keep true) and one key that no
 * definition has (stale as undefined).
 */
describe('aviary flags stale on the checkout example', () => {
  it('finds the stale and the undefined flag, with the value to keep, and leaves the live ones', () => {
    const run = spawnSync(
      process.execPath,
      [
        'engine/bin/aviary.js',
        'flags',
        'stale',
        'examples/checkout/src',
        '--definitions',
        'examples/checkout/flags/checkout.flagd.json',
        '--format',
        'json',
        '--no-progress',
      ],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { summary: { flags: number; stale: number }; flags: Finding[] };
    const byKey = new Map(report.flags.map((f) => [f.key, f]));
    expect(report.summary).toMatchObject({ flags: 4, stale: 2 });
    expect(byKey.get('express-shipping')).toMatchObject({
      stale: true,
      reasons: [{ code: 'fully-rolled-out', keep: { value: true } }],
    });
    expect(byKey.get('legacy-coupons')).toMatchObject({ stale: true, reasons: [{ code: 'undefined-flag' }] });
    expect(byKey.get('new-checkout-flow')).toMatchObject({ stale: false, reasons: [] });
    expect(byKey.get('cart-recommendations')).toMatchObject({ stale: false, reasons: [] });
    for (const f of report.flags) expect(f.references[0]?.file).toBe('examples/checkout/src/checkout-service.ts');
    // As a gate, the stale flags fail the job.
    const gate = spawnSync(
      process.execPath,
      [
        'engine/bin/aviary.js',
        'flags',
        'stale',
        'examples/checkout/src',
        '-d',
        'examples/checkout/flags/checkout.flagd.json',
        '--gate',
        '--no-progress',
      ],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(gate.status).toBe(1);
    expect(gate.stdout).toContain('express-shipping');
  });
});
