import { authMiddlewareFactory } from './auth/auth-middleware';
import type { MiddlewareFactory, RouteFactory } from './route';
import { flagsRoutes } from './routes/flags';
import { healthRoutes } from './routes/health';
import { kayentaRoutes } from './routes/kayenta';
import { otlpMetricsRoutes } from './routes/otlp-metrics';
import { releasesRoutes } from './routes/releases';
import { seriesRoutes } from './routes/series';

/** Every route file of the server. Add yours here (one line each). */
export const routeFactories: RouteFactory[] = [
  healthRoutes,
  otlpMetricsRoutes,
  seriesRoutes,
  flagsRoutes,
  releasesRoutes,
  kayentaRoutes,
];

/** Middleware run around every matched route, in this order (auth goes here). */
export const middlewareFactories: MiddlewareFactory[] = [authMiddlewareFactory];
