import { parseVerdictQuery } from '../../continuous/verdict-query';
import type { VerdictService } from '../../continuous/verdict-service';
import { HttpError } from '../http-error';
import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';

/**
 * `GET /api/verdict?analysis=<id>` (or cohort parameters, see `parseVerdictQuery`):
 * the Argo Rollouts `web` metric provider contract. Every verdict, including
 * "not decided yet", is a 200 with `{verdict: "go"|"no-go"|"inconclusive", reason, metrics}`,
 * so an AnalysisTemplate uses `jsonPath: "{$.verdict}"`, `successCondition: result == "go"`,
 * `failureCondition: result == "no-go"`. Only requests that name nothing judgeable
 * (unknown analysis, missing cohorts) are 4xx. Answers within `timeout` (default 5 s,
 * max 9 s: Argo's default limit is 10 s).
 */
export function verdictRoutes(service: VerdictService): RouteFactory {
  return () => [
    {
      method: 'GET',
      path: '/api/verdict',
      handle: async ({ res, url }) => {
        const parsed = parseVerdictQuery((name) => url.searchParams.get(name) ?? undefined);
        if (!parsed.ok) throw new HttpError(400, parsed.message);
        const timeoutText = url.searchParams.get('timeout');
        const deadline = timeoutText === null ? 5000 : Number(timeoutText) * 1000;
        if (!(deadline > 0)) throw new HttpError(400, `timeout: "${timeoutText}" is not a positive number of seconds`);
        const found = await service.lookup(parsed.query, Math.min(deadline, 9000));
        if (!found.ok) throw new HttpError(found.status, found.message);
        sendJson(res, 200, found.verdict, { 'cache-control': 'no-store' });
      },
    },
  ];
}
