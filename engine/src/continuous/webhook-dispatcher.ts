import type { WebhookTarget } from './analysis-definition';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/** One delivery attempt's outcome, for logs and tests. */
export interface DeliveryRecord {
  url: string;
  eventId: string;
  attempt: number;
  /** HTTP status, or null for a transport error/timeout. */
  status: number | null;
  error?: string;
  /** `delivered`, `retrying` (another attempt is scheduled) or `failed` (given up). */
  outcome: 'delivered' | 'retrying' | 'failed';
}

export interface WebhookDispatcherOptions {
  /** Attempts per delivery including the first (default 6). */
  maxAttempts?: number;
  /** First retry delay; doubles each time, with +-20% jitter (default 1000 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Deliveries waiting beyond this are dropped oldest-first, so a dead receiver cannot grow memory without bound. */
  maxQueued?: number;
  onDelivery?: (record: DeliveryRecord) => void;
  random?: () => number;
}

export interface WebhookDispatcher {
  /** Queues the event for every target and returns at once; delivery happens in the background. */
  enqueue(eventId: string, payload: unknown, targets: readonly WebhookTarget[]): void;
  /** Deliveries not yet finished (queued, in flight or waiting to retry). */
  pending(): number;
  /** Resolves when nothing is pending (for tests and graceful shutdown), or after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  /** Cancels scheduled retries. */
  close(): void;
}

interface Delivery {
  eventId: string;
  url: string;
  secret: string | null;
  body: string;
  attempt: number;
}

/**
 * Posts verdict events to webhook URLs as JSON, signed (`X-Aviary-Signature`,
 * `X-Aviary-Timestamp`; see `signWebhook`) and with `X-Aviary-Event-Id` so
 * receivers can de-duplicate retries. Transport errors, timeouts, 408, 429 and
 * 5xx are retried with exponential backoff; other 4xx are final. Never blocks
 * the caller: `enqueue` only schedules work.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions = {}): WebhookDispatcher {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxQueued = options.maxQueued ?? 1000;
  const random = options.random ?? Math.random;
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  const waiting: Delivery[] = [];
  let closed = false;
  const idle: (() => void)[] = [];

  function settle(): void {
    if (inFlight === 0 && waiting.length === 0 && timers.size === 0) for (const resolve of idle.splice(0)) resolve();
  }

  function report(delivery: Delivery, status: number | null, outcome: DeliveryRecord['outcome'], error?: string) {
    options.onDelivery?.({
      url: delivery.url,
      eventId: delivery.eventId,
      attempt: delivery.attempt,
      status,
      error,
      outcome,
    });
  }

  async function attempt(delivery: Delivery): Promise<void> {
    inFlight++;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'aviary-webhook/1',
        'x-aviary-event-id': delivery.eventId,
        [TIMESTAMP_HEADER]: String(timestamp),
      };
      if (delivery.secret) headers[SIGNATURE_HEADER] = signWebhook(delivery.secret, delivery.body, timestamp);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    } finally {
      inFlight--;
    }
    const retryable = status === null || status === 408 || status === 429 || status >= 500;
    if (status !== null && status >= 200 && status < 300) report(delivery, status, 'delivered');
    else if (retryable && delivery.attempt < maxAttempts && !closed) {
      report(delivery, status, 'retrying', error);
      const delay = Math.min(maxDelay, baseDelay * 2 ** (delivery.attempt - 1)) * (0.8 + 0.4 * random());
      const timer = setTimeout(() => {
        timers.delete(timer);
        waiting.push({ ...delivery, attempt: delivery.attempt + 1 });
        pump();
      }, delay);
      timer.unref();
      timers.add(timer);
    } else report(delivery, status, 'failed', error ?? (status === null ? undefined : `HTTP ${status}`));
    pump();
    settle();
  }

  function pump(): void {
    // At most 4 concurrent requests, so a burst of verdict changes cannot open unbounded sockets.
    while (inFlight < 4 && waiting.length > 0) {
      const next = waiting.shift();
      if (next) void attempt(next);
    }
  }

  return {
    enqueue(eventId, payload, targets) {
      if (closed || targets.length === 0) return;
      const body = JSON.stringify(payload);
      for (const target of targets) {
        waiting.push({ eventId, url: target.url, secret: target.secret, body, attempt: 1 });
      }
      while (waiting.length > maxQueued) {
        const dropped = waiting.shift();
        if (dropped) report(dropped, null, 'failed', 'dropped: too many queued deliveries');
      }
      queueMicrotask(pump);
    },
    pending: () => inFlight + waiting.length + timers.size,
    drain(timeout = 30_000) {
      return new Promise<void>((resolve) => {
        if (inFlight === 0 && waiting.length === 0 && timers.size === 0) {
          resolve();
          return;
        }
        const timer = setTimeout(resolve, timeout);
        timer.unref();
        idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      waiting.length = 0;
      settle();
    },
  };
}
