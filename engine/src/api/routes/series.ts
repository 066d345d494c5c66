import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';
import { parseSeriesParams } from '../series-params';

/** `GET /api/series`: per-bucket aggregates of one metric for a cohort (see `parseSeriesParams`, `SeriesResult`). */
export const seriesRoutes: RouteFactory = (server) => [
  {
    method: 'GET',
    path: '/api/series',
    handle: ({ url, res }) => sendJson(res, 200, server.store.query(parseSeriesParams(url.searchParams))),
  },
];
