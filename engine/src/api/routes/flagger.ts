import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { formatPath } from '../../config/load-canary-config';
import type { GateDecisions } from '../../continuous/gate-decisions';
import { parseVerdictQuery } from '../../continuous/verdict-query';
import type { ServedVerdict, VerdictService } from '../../continuous/verdict-service';
import { HttpError } from '../http-error';
import type { RouteFactory } from '../route';
import { readJsonBody } from './json-body';

/** Flagger's webhook payload (`pkg/controller/webhook.go`); metadata values are strings. */
const flaggerPayloadSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  phase: z.string().min(1),
  checksum: z.string().default(''),
  metadata: z.record(z.string(), z.string()).default({}),
});

/** Phases after which there is nothing left to gate (`post-rollout` and `event` hooks). */
const TERMINAL = new Set(['Succeeded', 'Failed', 'Terminating', 'Terminated']);

function summary(verdict: ServedVerdict): string {
  const harmful = verdict.metrics.filter((m) => m.harm === 'harmful').map((m) => m.name);
  const where = verdict.analysis
    ? ` (analysis ${verdict.analysis}, judged ${verdict.judgedAt})`
    : ` (judged ${verdict.judgedAt})`;
  return `${verdict.verdict}: ${verdict.reason}${harmful.length ? ` [harmful: ${harmful.join(', ')}]` : ''}${where}`;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * `POST /api/gates/flagger`: a Flagger webhook (`rollout`, `pre-rollout`,
 * `confirm-rollout`, `confirm-promotion`, ...). `metadata` names the analysis
 * (`analysis: <id>`) or the cohorts (see `parseVerdictQuery`). Answers 200 only
 * when the gate passes (verdict go; with `metadata.pass-on: "go,inconclusive"` also
 * inconclusive) and 412 otherwise, with a one-line explanation as the plain-text
 * body, which Flagger copies into the Kubernetes event. For a `rollback` hook
 * (`metadata.hook: rollback`) the polarity is inverted: 200 means roll back, on no-go.
 * Idempotent on `checksum`: the first final verdict (go or no-go) for a canary
 * revision is recorded and repeated for later calls with the same checksum.
 * Because it records that decision and Flagger acts on the answer, this is a gate
 * that acts and needs a `write` token (see `requiredScope`); Flagger cannot send
 * headers, so the token goes in the URL as `access_token`.
 */
export function flaggerRoutes(service: VerdictService, decisions: GateDecisions, now = Date.now): RouteFactory {
  return () => [
    {
      method: 'POST',
      path: '/api/gates/flagger',
      handle: async (ctx) => {
        const parsed = flaggerPayloadSchema.safeParse(await readJsonBody(ctx));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new HttpError(
            400,
            `not a Flagger webhook payload: ${formatPath(issue?.path ?? []) || '(root)'}: ${issue?.message}`,
          );
        }
        const { name, namespace, phase, checksum, metadata } = parsed.data;
        const rollbackHook = metadata.hook === 'rollback';
        if (TERMINAL.has(phase)) {
          send(ctx.res, 200, `phase ${phase}: nothing to gate for ${namespace}/${name}`);
          return;
        }
        const passOn = new Set((metadata['pass-on'] ?? metadata.passOn ?? 'go').split(',').map((s) => s.trim()));
        const passes = (verdict: string) => (rollbackHook ? verdict === 'no-go' : passOn.has(verdict));
        if (checksum) {
          const sticky = decisions.final(namespace, name, checksum);
          if (sticky) {
            const passed = passes(sticky.verdict);
            send(ctx.res, passed ? 200 : 412, `${sticky.reason} (decided for revision ${checksum})`);
            return;
          }
        }
        const query = parseVerdictQuery((key) => metadata[key]);
        if (!query.ok) throw new HttpError(400, `metadata: ${query.message}`);
        const found = await service.lookup(query.query, 8000);
        if (!found.ok) throw new HttpError(found.status, `metadata: ${found.message}`);
        const verdict = found.verdict;
        const passed = passes(verdict.verdict);
        const text = summary(verdict);
        decisions.record({
          namespace,
          name,
          checksum,
          phase,
          verdict: verdict.verdict,
          passed,
          reason: text,
          at: now(),
        });
        send(ctx.res, passed ? 200 : 412, text);
      },
    },
  ];
}
