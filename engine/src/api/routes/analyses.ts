import { parseAnalysisBody } from '../../continuous/analysis-definition';
import type { ContinuousAnalysis } from '../../continuous/continuous-analysis';
import type { JudgementHistory } from '../../continuous/judgement-history';
import { HttpError } from '../http-error';
import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';
import { readJsonBody } from './json-body';

/**
 * Continuous analyses over HTTP:
 * - `GET /api/analyses`: every analysis with its state and latest verdict;
 * - `GET /api/analyses/:id`: one analysis (definition as declared, secrets removed);
 * - `GET /api/analyses/:id/history?after=<seq>&limit=<n>`: its judgements, oldest first (the audit log);
 * - `GET /api/history?release=<v>&flag=<key>`: judgements per release / per flag across analyses;
 * - `POST /api/analyses`: declare one (inline canary config), 201; an existing id is 409;
 * - `DELETE /api/analyses/:id`: stop and forget one declared through the API (its history stays).
 */
export function analysesRoutes(continuous: ContinuousAnalysis, history: JudgementHistory): RouteFactory {
  const find = (id: string) => {
    const status = continuous.get(id);
    if (!status) throw new HttpError(404, `no analysis "${id}"`);
    return status;
  };
  const intParam = (url: URL, name: string, fallback: number, max: number) => {
    const text = url.searchParams.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      throw new HttpError(400, `${name}: "${text}" is not a non-negative integer`);
    return Math.min(value, max);
  };
  return () => [
    {
      method: 'GET',
      path: '/api/analyses',
      handle: ({ res }) => sendJson(res, 200, { analyses: continuous.list() }),
    },
    {
      method: 'GET',
      path: '/api/analyses/:id',
      handle: ({ res, params }) => sendJson(res, 200, find(params.id ?? '')),
    },
    {
      method: 'GET',
      path: '/api/analyses/:id/history',
      handle: ({ res, params, url }) => {
        const id = params.id ?? '';
        const records = history.list(id, {
          afterSeq: intParam(url, 'after', 0, Number.MAX_SAFE_INTEGER),
          limit: intParam(url, 'limit', 1000, 10_000),
        });
        if (records.length === 0 && !continuous.get(id) && !history.latest(id)) {
          throw new HttpError(404, `no analysis "${id}" and no history for it`);
        }
        sendJson(res, 200, { analysis: id, judgements: records });
      },
    },
    {
      method: 'GET',
      path: '/api/history',
      handle: ({ res, url }) => {
        const release = url.searchParams.get('release') ?? undefined;
        const flag = url.searchParams.get('flag') ?? undefined;
        if (!release && !flag)
          throw new HttpError(400, 'give release=<service.version> and/or flag=<feature_flag.key>');
        sendJson(res, 200, { judgements: history.byCohort({ release, flag }, intParam(url, 'limit', 1000, 10_000)) });
      },
    },
    {
      method: 'POST',
      path: '/api/analyses',
      handle: async (ctx) => {
        const parsed = parseAnalysisBody(await readJsonBody(ctx));
        if (!parsed.ok) throw new HttpError(400, parsed.issues.join('\n'));
        if (continuous.get(parsed.value.id)) {
          throw new HttpError(409, `analysis "${parsed.value.id}" already exists; DELETE it first to replace it`);
        }
        const status = continuous.add(parsed.value, 'api');
        sendJson(ctx.res, 201, status, { location: `/api/analyses/${encodeURIComponent(status.id)}` });
      },
    },
    {
      method: 'DELETE',
      path: '/api/analyses/:id',
      handle: ({ res, params }) => {
        const status = find(params.id ?? '');
        if (status.origin !== 'api') {
          throw new HttpError(
            409,
            `analysis "${status.id}" is declared in the --analyses file; change the file instead`,
          );
        }
        continuous.remove(status.id);
        sendJson(res, 200, { deleted: status.id });
      },
    },
  ];
}
