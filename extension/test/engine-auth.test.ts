import { describe, expect, it } from 'vitest';
import { daysAgo, startFakeEngine } from '../e2e/fake-engine';
import { COMMAND } from '../src/constants';
import { fetchEngineSnapshot } from '../src/core/engine-client';
import { useFixtureWithEngine } from './extension-harness';
import { configuration, inputBoxAnswers, inputBoxes, MemorySecretStorage, messages, outputLines } from './vscode-mock';

const TOKEN = 'avt_read_5f0c2e9b81d4';

const fixture = useFixtureWithEngine({
  flags: [{ key: 'new-pricing', variants: { on: 9120, off: 1004 }, firstSeen: daysAgo(3), lastSeen: daysAgo(0) }],
  verdicts: { 'new-pricing': { verdict: 'go', reason: 'latency within 2% of control' } },
  token: TOKEN,
});

const options = { now: Date.now(), rolledOutDays: 7 };

describe('engine API tokens', () => {
  it('is unauthorized, not unreachable, without a token or with a wrong one', async () => {
    const without = await fetchEngineSnapshot(fixture.engine.url, ['new-pricing'], options);
    expect(without).toEqual({ status: 'unauthorized', url: fixture.engine.url, error: '/api/flags: HTTP 401' });
    const wrong = await fetchEngineSnapshot(fixture.engine.url, ['new-pricing'], { ...options, token: 'avt_wrong' });
    expect(wrong.status).toBe('unauthorized');
  });

  it('sends the token as a bearer credential on every request, telemetry and verdicts alike', async () => {
    const from = fixture.engine.requests.length;
    const snapshot = await fetchEngineSnapshot(fixture.engine.url, ['new-pricing'], { ...options, token: TOKEN });
    if (snapshot.status !== 'connected') throw new Error(`expected connected, got ${JSON.stringify(snapshot)}`);
    expect(snapshot.lastDay.get('new-pricing')?.recent).toEqual({ on: 9120, off: 1004 });
    // The verdict comes only from GET /api/analyses, which answers 401 without the token.
    expect(snapshot.verdicts.get('new-pricing')).toEqual({ verdict: 'go', reason: 'latency within 2% of control' });
    const paths = fixture.engine.requests.slice(from).map((r) => r.split('?')[0]);
    expect(new Set(paths)).toEqual(new Set(['/api/flags', '/api/analyses']));
    expect(new Set(fixture.engine.authorizations.slice(from))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('"Aviary: Set Engine Token" keeps the token in SecretStorage, connects with it, and clears it when empty', async () => {
    const secrets = new MemorySecretStorage();
    const activated = await fixture.activate({ engineUrl: fixture.engine.url }, secrets);
    const { status, run } = activated;
    expect(status().text).toBe('$(lock) Aviary: unauthorized');
    expect(status().tooltip).toContain('HTTP 401');
    expect(status().command).toBe(COMMAND.setEngineToken);
    const warnings = messages.filter((m) => m.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain('needs an API token');
    expect(warnings[0]?.items).toEqual(['Set Engine Token']);

    inputBoxAnswers.push(`  ${TOKEN}  `);
    await run(COMMAND.setEngineToken);
    expect(inputBoxes.at(-1)).toMatchObject({ password: true });
    expect([...secrets.values]).toEqual([[`aviary.engineToken:${fixture.engine.url}`, TOKEN]]);
    expect(status().text).toBe('$(pulse) Aviary');
    expect(status().command).toBe(COMMAND.refresh);

    inputBoxAnswers.push(undefined); // Escape: nothing changes.
    await run(COMMAND.setEngineToken);
    expect(secrets.values.size).toBe(1);
    expect(status().text).toBe('$(pulse) Aviary');

    inputBoxAnswers.push('');
    await run(COMMAND.setEngineToken);
    expect(secrets.values.size).toBe(0);
    expect(status().text).toBe('$(lock) Aviary: unauthorized');

    // The token never reaches settings, logs or messages.
    const shown = [...outputLines, ...messages.map((m) => m.text), ...[...configuration.values()].map(String)];
    expect(shown.filter((line) => line.includes(TOKEN))).toEqual([]);
  });

  it('never sends a token to another engine than the one it was set for', async () => {
    const secrets = new MemorySecretStorage();
    await secrets.store(`aviary.engineToken:${fixture.engine.url}`, TOKEN);
    const other = await startFakeEngine({ flags: [], verdicts: {} });
    try {
      const activated = await fixture.activate({ engineUrl: other.url }, secrets);
      expect(activated.status().text).toBe('$(pulse) Aviary');
      expect(other.authorizations.length).toBeGreaterThan(0);
      expect(other.authorizations.filter((a) => a !== '')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
