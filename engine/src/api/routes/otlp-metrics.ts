import { IngestQueue } from '../../receiver/ingest-queue';
import { receiveMetrics } from '../../receiver/receive-metrics';
import type { RouteFactory } from '../route';

/** `POST /v1/metrics`: OTLP/HTTP metrics ingest (public: exporters rarely carry API tokens). */
export const otlpMetricsRoutes: RouteFactory = (server) => {
  const queue = new IngestQueue(server.store, server.options.maxQueuedPoints, server.log);
  server.onClose.push(() => queue.drain());
  return [
    {
      method: 'POST',
      path: '/v1/metrics',
      public: true,
      handle: ({ req, res }) => receiveMetrics(req, res, queue, server.options.limits),
    },
  ];
};
