import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { type RunningServer, startServer } from '../../src/api/server';
import { loadAnalysesFile } from '../../src/continuous/analysis-definition';
import { parseVerdictQuery } from '../../src/continuous/verdict-query';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(root, 'examples');
const docs = (file: string) => parseAllDocuments(readFileSync(join(examples, file), 'utf8')).map((d) => d.toJS());

/** Argo substitutes `{{ args.x }}`; do the same with sample values. */
function substitute(text: string): string {
  return text.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_, name: string) => `sample-${name}`);
}

describe('examples/argo-rollouts', () => {
  it('AnalysisTemplates read $.verdict and map go / no-go to success / failure', () => {
    const templates = docs('argo-rollouts/analysis-template.yaml');
    expect(templates).toHaveLength(2);
    for (const template of templates) {
      expect(template.kind).toBe('AnalysisTemplate');
      const metric = template.spec.metrics[0];
      expect(metric.successCondition).toBe('result == "go"');
      expect(metric.failureCondition).toBe('result == "no-go"');
      expect(metric.provider.web.jsonPath).toBe('{$.verdict}');
      expect(metric.provider.web.timeoutSeconds).toBeLessThanOrEqual(10);
      const url = new URL(substitute(metric.provider.web.url));
      expect(url.pathname).toBe('/api/verdict');
      expect(parseVerdictQuery((name) => url.searchParams.get(name) ?? undefined).ok).toBe(true);
    }
  });

  it('the analyses file loads (canary config path resolved, webhook secret from the environment)', () => {
    process.env.AVIARY_WEBHOOK_SECRET = 'an-example-secret-of-length';
    const loaded = loadAnalysesFile(join(examples, 'argo-rollouts/analyses.yaml'));
    if (!loaded.ok) throw new Error(loaded.issues.join('\n'));
    expect(loaded.value.analyses[0]?.config.name).toBe('checkout-release');
  });
});

describe('examples/flagger', () => {
  it('every webhook posts to the gate with metadata Aviary understands', () => {
    const [canary] = docs('flagger/canary.yaml');
    const hooks = canary.spec.analysis.webhooks as { type: string; url: string; metadata: Record<string, string> }[];
    expect(hooks.map((h) => h.type)).toEqual(['rollout', 'confirm-promotion', 'rollback']);
    for (const hook of hooks) {
      expect(new URL(hook.url).pathname).toBe('/api/gates/flagger');
      // The gate acts (records the decision; Flagger promotes or rolls back on it): a write token.
      expect(new URL(hook.url).searchParams.get('access_token')).toBe('REPLACE_WITH_WRITE_TOKEN');
      expect(parseVerdictQuery((name) => hook.metadata[name]).ok).toBe(true);
    }
    expect(hooks[2]?.metadata.hook).toBe('rollback');
  });
});

/** Runs a workflow step's script as Actions does (`bash -e`), asynchronously (an engine may answer from this process). */
function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** `${{ name }}`, an Actions expression as written in a workflow. */
const expression = (name: string) => `\${{ ${name} }}`;

/** Fills the `${{ name }}` expressions of a step's script as Actions would; throws on one not given. */
function fillExpressions(script: string, values: Record<string, string>): string {
  return script.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for \${{ ${name} }}`);
    return value;
  });
}

/** Writes an executable shell script `name` into `bin`. */
function writeCommand(bin: string, name: string, body: string): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

/** Names of the repository's private (unpublished) packages: the root and every workspace. */
function privatePackageNames(): string[] {
  const names: string[] = [];
  const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const rootPackage = read(root);
  if (rootPackage.private) names.push(rootPackage.name);
  for (const pattern of rootPackage.workspaces as string[]) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(root, pattern.slice(0, -2), d.name, 'package.json')))
          .map((d) => join(root, pattern.slice(0, -2), d.name))
      : [join(root, pattern)];
    for (const dir of dirs) {
      const pkg = read(dir);
      if (pkg.private) names.push(pkg.name);
    }
  }
  return names;
}

describe('examples/github-actions', () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'aviary-gha-'));
  beforeAll(async () => {
    server = await startServer({ port: 0, dataDir: join(dir, 'data') });
  });
  afterAll(() => server.close());

  const workflow = parseYaml(readFileSync(join(examples, 'github-actions/aviary-release-gate.yml'), 'utf8'));

  it('uploads stale-flag SARIF to code scanning', () => {
    const steps = workflow.jobs['stale-flags'].steps as {
      uses?: string;
      run?: string;
      with?: Record<string, string>;
    }[];
    expect(steps.some((s) => s.run?.includes('aviary flags stale --format sarif --output aviary-flags.sarif'))).toBe(
      true,
    );
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.sarif_file).toBe('aviary-flags.sarif');
    expect(workflow.permissions['security-events']).toBe('write');
  });

  type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, string> };
  const stepsOf = (job: string) => workflow.jobs[job].steps as Step[];
  /** Positions of the Aviary setup steps: the ref check, the checkout of Aviary, the build. */
  const setupIndexes = (steps: Step[]): [number, number, number] => [
    steps.findIndex((step) => step.run?.includes('$AVIARY_REF')),
    steps.findIndex((step) => step.with?.repository === expression('env.AVIARY_REPOSITORY')),
    steps.findIndex((step) => step.run?.includes('$GITHUB_PATH')),
  ];
  const runsAviary = (step: Step) => /(^|[\s;|&(])aviary\s/m.test(step.run ?? '');

  /**
   * Runs the verdict step's script as Actions would (bash -e, expressions filled in), in `cwd` with
   * `bin` first on PATH; returns the run, the job summary (starting as `summaryBefore`) and the outputs.
   */
  async function runVerdictStep(engineUrl: string, bin: string, cwd: string, summaryBefore = '') {
    const step = stepsOf('verdict').find((s) => s.id === 'verdict');
    if (!step?.run) throw new Error('no verdict step');
    const script = fillExpressions(step.run, {
      'vars.AVIARY_URL': engineUrl,
      'inputs.baseline-release': '1.4.0',
      'inputs.canary-release': '1.5.0',
    });
    const summary = join(cwd, 'summary.md');
    const output = join(cwd, 'output.txt');
    writeFileSync(summary, summaryBefore);
    writeFileSync(output, '');
    const run = await runBash(script, cwd, {
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
    });
    return { ...run, summary: readFileSync(summary, 'utf8'), outputs: readFileSync(output, 'utf8') };
  }

  it('the verdict step writes the Markdown report to $GITHUB_STEP_SUMMARY and maps exit codes', async () => {
    const bin = join(dir, 'bin');
    writeCommand(bin, 'aviary', `exec "${process.execPath}" "${join(root, 'engine/bin/aviary.js')}" "$@"`);
    mkdirSync(join(dir, 'work/canary'), { recursive: true });
    writeFileSync(join(dir, 'work/canary/release.yaml'), readFileSync(join(examples, 'checkout/canary/release.yaml')));
    const run = await runVerdictStep(server.url, bin, join(dir, 'work'));
    // An engine without data cannot say go or no-go: inconclusive (exit 2) passes the step with a warning.
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('::warning title=Aviary::inconclusive');
    expect(run.outputs).toContain('exit-code=2');
    expect(run.summary).toMatch(/inconclusive/i);
    expect(run.summary).toContain('checkout-release');
  });

  it('never installs Aviary from npm (it is private and unpublished) and builds it from a pinned checkout', () => {
    const unpublished = privatePackageNames();
    expect(unpublished).toContain('@aviary/engine');
    for (const job of Object.keys(workflow.jobs)) {
      for (const step of stepsOf(job)) {
        const run = step.run ?? '';
        expect(run, `${job}: ${step.name ?? run}`).not.toMatch(/npm (install|i|add) (-g|--global)\b/);
        for (const name of unpublished) {
          const fromRegistry = new RegExp(
            `(npm (install|i|add|exec)|npx|pnpm (add|dlx)|yarn (add|dlx))[^\\n]*\\s${name}(@|\\s|$)`,
            'm',
          );
          expect(run, `${job} fetches ${name} from a registry`).not.toMatch(fromRegistry);
        }
      }
    }
    expect(workflow.env.AVIARY_REPOSITORY).toMatch(/^[^/\s]+\/[^/\s]+$/);
    expect(workflow.env.AVIARY_REF).toEqual(expect.any(String));
    // Every job that runs `aviary` first checks the ref, checks out AVIARY_REPOSITORY at AVIARY_REF and builds it.
    const jobsRunningAviary = Object.keys(workflow.jobs).filter((job) => stepsOf(job).some(runsAviary));
    expect(jobsRunningAviary).toEqual(['verdict', 'stale-flags']);
    for (const job of jobsRunningAviary) {
      const steps = stepsOf(job);
      const [refCheck, checkout, build] = setupIndexes(steps);
      expect(steps[checkout]).toMatchObject({
        uses: expect.stringMatching(/^actions\/checkout@/),
        with: { ref: expression('env.AVIARY_REF'), path: '.aviary-src' },
      });
      expect(refCheck).toBeGreaterThanOrEqual(0);
      expect(refCheck).toBeLessThan(checkout);
      expect(checkout).toBeLessThan(build);
      expect(build).toBeLessThan(steps.findIndex(runsAviary));
    }
    // The same setup in both jobs, so they cannot drift apart.
    const setup = (job: string) => setupIndexes(stepsOf(job)).map((i) => stepsOf(job)[i]);
    expect(setup('stale-flags')).toEqual(setup('verdict'));
  });
  it('fails the job on no-go and still writes the report to the job summary', async () => {
    const work = mkdtempSync(join(tmpdir(), 'aviary-gha-no-go-'));
    const bin = join(work, 'bin');
    // An `aviary` that judges no-go: writes its Markdown report to --out and exits 1, like `aviary verdict`.
    writeCommand(
      bin,
      'aviary',
      [
        'out=""',
        'while [ $# -gt 0 ]; do [ "$1" = "--out" ] && out="$2"; shift; done',
        'printf "## Aviary verdict: no-go\\n\\nlatency-p99 harmful\\n" > "$out"',
        'exit 1',
      ].join('\n'),
    );
    const run = await runVerdictStep('http://127.0.0.1:9', bin, work, '# earlier steps\n');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('::error title=Aviary::no-go, see the job summary');
    expect(run.summary).toBe('# earlier steps\n## Aviary verdict: no-go\n\nlatency-p99 harmful\n');
    expect(run.outputs).toContain('exit-code=1');
  });

  it('the build step puts a working `aviary` on $GITHUB_PATH, outside the workspace', async () => {
    const [, , build] = setupIndexes(stepsOf('verdict'));
    const script = stepsOf('verdict')[build]?.run;
    if (!script) throw new Error('no build step');
    const work = mkdtempSync(join(tmpdir(), 'aviary-gha-build-'));
    const workspace = join(work, 'workspace');
    const runnerTemp = join(work, 'runner-temp');
    mkdirSync(workspace);
    mkdirSync(runnerTemp);
    // actions/checkout's result: this repository (built by the test setup) at .aviary-src.
    symlinkSync(root, join(workspace, '.aviary-src'));
    // `npm` only records what it is asked (the real install and build are what the test setup did).
    const bin = join(work, 'bin');
    const npmLog = join(work, 'npm.log');
    writeCommand(bin, 'npm', `echo "$PWD: $*" >> "${npmLog}"`);
    const githubPath = join(work, 'github-path.txt');
    writeFileSync(githubPath, '');
    const run = await runBash(fillExpressions(script, {}), workspace, {
      PATH: `${bin}:${process.env.PATH}`,
      RUNNER_TEMP: runnerTemp,
      GITHUB_PATH: githubPath,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(workspace, '.aviary-src'))).toBe(false);
    const aviaryDir = join(runnerTemp, 'aviary');
    expect(readFileSync(npmLog, 'utf8').split('\n').filter(Boolean)).toEqual([
      `${aviaryDir}: ci --workspace engine --no-audit --no-fund`,
      `${aviaryDir}: run build --workspace engine`,
    ]);
    const added = readFileSync(githubPath, 'utf8').trim();
    expect(added).toBe(join(runnerTemp, 'aviary-bin'));
    const version = JSON.parse(readFileSync(join(root, 'engine/package.json'), 'utf8')).version as string;
    expect(run.stdout.trim()).toBe(version);
    expect(execFileSync(join(added, 'aviary'), ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('refuses to build anything but a full commit SHA of Aviary', async () => {
    const [refCheck] = setupIndexes(stepsOf('verdict'));
    const script = stepsOf('verdict')[refCheck]?.run;
    if (!script) throw new Error('no ref check');
    const check = (ref: string) =>
      runBash(fillExpressions(script, {}), tmpdir(), { AVIARY_REF: ref, AVIARY_REPOSITORY: 'o/aviary' });
    const placeholder = await check(workflow.env.AVIARY_REF);
    expect(placeholder.status).toBe(1);
    expect(placeholder.stdout).toContain('AVIARY_REF must be a full commit SHA of o/aviary');
    for (const ref of ['main', 'v0.1.0', 'abc1234', '']) expect((await check(ref)).status, ref).toBe(1);
    expect((await check('0123456789abcdef0123456789abcdef01234567')).status).toBe(0);
  });
});
