import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const engine = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The published calibration (`npm run calibrate`) at a quarter of its replications: per-verdict A/A false
 * no-go rates with 10 gating metrics (i.i.d., lognormal, Poisson, AR(1) up to phi 0.9, one look and 10
 * sequential looks) at most alpha, +0.5 sigma power at least 80% of the t-test's, doubled errors at
 * least 55%. Seeded, so deterministic: the harness exits 1 and names the row when a target is missed.
 */
describe('npm run calibrate -- --quick', () => {
  it('meets every calibration target', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/calibrate.ts', '--quick'], {
      cwd: engine,
      encoding: 'utf8',
      timeout: 400_000,
    });
    expect(run.stdout, run.stderr).toContain('| A/A AR(1) phi=0.9, 10 looks (n=30..300) |');
    expect(run.stdout, run.stderr).toContain('All targets met.');
    expect(run.status, run.stderr).toBe(0);
  }, 420_000);
});
