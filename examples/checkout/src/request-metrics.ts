import type { Attributes, Meter } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_SCHEME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import {
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_RESULT_VARIANT,
} from '@opentelemetry/semantic-conventions/incubating';

/** Semantic-conventions bucket advice for `http.server.request.duration` (seconds). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Metric names the example exports (the canary configs in `canary/` read these). */
export const METRICS = {
  duration: METRIC_HTTP_SERVER_REQUEST_DURATION,
  requests: 'checkout.requests',
  errors: 'checkout.errors',
} as const;

/** The flag evaluation a request was served under. */
export interface ServedFlag {
  key: string;
  variant: string;
}

export interface RequestOutcome {
  route: string;
  method: string;
  status: number;
  seconds: number;
  flag?: ServedFlag;
}

export interface RequestMetrics {
  record(outcome: RequestOutcome): void;
}

/**
 * The service's own request instruments: the semconv duration histogram (in
 * seconds, with the advised buckets), a request counter and a 5xx counter.
 * Every point carries the flag and variant the request was served with, so
 * Aviary can compare cohorts per variant as well as per release.
 */
export function createRequestMetrics(meter: Meter): RequestMetrics {
  const duration = meter.createHistogram(METRICS.duration, {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const requests = meter.createCounter(METRICS.requests, { unit: '{request}', description: 'Requests served.' });
  const errors = meter.createCounter(METRICS.errors, {
    unit: '{request}',
    description: 'Requests that ended in a server error (5xx).',
  });
  return {
    record({ route, method, status, seconds, flag }) {
      const attributes: Attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_URL_SCHEME]: 'http',
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
      };
      if (status >= 500) attributes[ATTR_ERROR_TYPE] = String(status);
      if (flag) {
        attributes[ATTR_FEATURE_FLAG_KEY] = flag.key;
        attributes[ATTR_FEATURE_FLAG_RESULT_VARIANT] = flag.variant;
      }
      duration.record(seconds, attributes);
      requests.add(1, attributes);
      if (status >= 500) errors.add(1, attributes);
    },
  };
}
