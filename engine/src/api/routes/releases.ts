import type { RouteFactory } from '../route';
import { sendJson } from '../send-json';

/** `GET /api/releases`: every `service.version` per service with first/last seen and point counts. */
export const releasesRoutes: RouteFactory = (server) => [
  {
    method: 'GET',
    path: '/api/releases',
    handle: ({ res }) => sendJson(res, 200, { releases: server.store.releases() }),
  },
];
