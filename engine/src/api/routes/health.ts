import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';

/** `GET /healthz`: 200 while the store answers a trivial query, 503 otherwise. */
export const healthRoutes: RouteFactory = (server) => [
  {
    method: 'GET',
    path: '/healthz',
    public: true,
    handle: ({ res }) => {
      try {
        server.store.db.prepare('SELECT 1').get();
        sendJson(res, 200, { status: 'ok' });
      } catch (error) {
        sendJson(res, 503, { status: 'unavailable', error: (error as Error).message });
      }
    },
  },
];
