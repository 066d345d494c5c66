import { HttpError } from '../http-error';
import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';
import { parseTime } from '../series-params';

/** `GET /api/flags[?from=&to=]`: every flag seen, variants, evaluation counts in the window (default all time). */
export const flagsRoutes: RouteFactory = (server) => [
  {
    method: 'GET',
    path: '/api/flags',
    handle: ({ url, res }) => {
      const now = Date.now();
      const time = (name: string, fallback: number) => {
        const text = url.searchParams.get(name);
        if (text === null) return fallback;
        const t = parseTime(text, now);
        if (t === null) throw new HttpError(400, `query parameter "${name}": "${text}" is not a time`);
        return t;
      };
      sendJson(res, 200, { flags: server.store.flags(time('from', 0), time('to', Number.MAX_SAFE_INTEGER)) });
    },
  },
];
