import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('the verdict step writes the Markdown report to $GITHUB_STEP_SUMMARY and maps exit codes', async () => {
    const step = (workflow.jobs.verdict.steps as { id?: string; run: string }[]).find((s) => s.id === 'verdict');
    if (!step) throw new Error('no verdict step');
    // Run the step's script as Actions would (bash -e), with `aviary` on PATH and the expressions filled in.
    const script = step.run
      .replace(/\$\{\{ vars\.AVIARY_URL \}\}/, server.url)
      .replace(/\$\{\{ inputs\.baseline-release \}\}/, '1.4.0')
      .replace(/\$\{\{ inputs\.canary-release \}\}/, '1.5.0');
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'aviary'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'engine/bin/aviary.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'aviary'), 0o755);
    mkdirSync(join(dir, 'work/canary'), { recursive: true });
    writeFileSync(join(dir, 'work/canary/release.yaml'), readFileSync(join(examples, 'checkout/canary/release.yaml')));
    const summary = join(dir, 'summary.md');
    const output = join(dir, 'output.txt');
    writeFileSync(summary, '');
    writeFileSync(output, '');
    // Asynchronously: the engine answering the step runs in this process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-e', '-c', script], {
        cwd: join(dir, 'work'),
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: output,
        },
      });
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
    // An engine without data cannot say go or no-go: inconclusive (exit 2) passes the step with a warning.
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('::warning title=Aviary::inconclusive');
    expect(readFileSync(output, 'utf8')).toContain('exit-code=2');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/inconclusive/i);
    expect(markdown).toContain('checkout-release');
  });
});
