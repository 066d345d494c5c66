import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, EvaluationContext } from '@openfeature/server-sdk';
import { ROUTES, type RouteProfile, simulateWork } from './latency-model';
import { combine, type FlagRegression, NO_REGRESSION, type Regression } from './regression';
import type { RequestMetrics, ServedFlag } from './request-metrics';

export interface CheckoutServiceOptions {
  release: string;
  flags: Client;
  metrics: RequestMetrics;
  /** Injected into every request (a bad release). */
  regression?: Regression;
  /** Injected into requests served with one flag variant (a bad variant). */
  flagRegression?: FlagRegression;
  random?: () => number;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  flag?: ServedFlag;
}

/**
 * The checkout service: `GET /health`, `GET /cart` and `POST /checkout`.
 * Users are identified by `?user=` (the OpenFeature targeting key) and may
 * carry `?tier=gold`. Each request's duration, count and failure are recorded
 * with the flag variant it was served under.
 */
export function createCheckoutServer(options: CheckoutServiceOptions): Server {
  const random = options.random ?? Math.random;
  const releaseRegression = options.regression ?? NO_REGRESSION;

  const work = async (profile: RouteProfile, flag: ServedFlag): Promise<boolean> => {
    const fr = options.flagRegression;
    const hit = fr !== undefined && fr.flag === flag.key && fr.variant === flag.variant;
    const regression = hit ? combine(releaseRegression, fr.regression) : releaseRegression;
    const { delayMs, fail } = simulateWork(profile, regression, random);
    await sleep(delayMs);
    return !fail;
  };

  const cart = async (ctx: EvaluationContext): Promise<Reply> => {
    const strip = await options.flags.getStringDetails('cart-recommendations', 'none', ctx);
    // `legacy-coupons` is not defined in flags/checkout.flagd.json: it always resolves to the code default.
    const coupons = await options.flags.getBooleanValue('legacy-coupons', false, ctx);
    const flag = { key: strip.flagKey, variant: strip.variant ?? String(strip.value) };
    const ok = await work(ROUTES.cart, flag);
    if (!ok) return { status: 503, body: { error: 'inventory unavailable' }, flag };
    return { status: 200, body: { items: 3, recommendations: strip.value, coupons }, flag };
  };

  const checkout = async (ctx: EvaluationContext): Promise<Reply> => {
    const flow = await options.flags.getBooleanDetails('new-checkout-flow', false, ctx);
    // Fully rolled out for months: always `on`, so the `else` branch is dead code.
    const express = await options.flags.getBooleanValue('express-shipping', false, ctx);
    const shipping = express ? ['standard', 'express'] : ['standard'];
    const flag = { key: flow.flagKey, variant: flow.variant ?? String(flow.value) };
    const ok = await work(ROUTES.checkout, flag);
    if (!ok) return { status: 503, body: { error: 'payment gateway timeout' }, flag };
    return { status: 201, body: { order: `o-${Math.floor(random() * 1e9)}`, flow: flow.value, shipping }, flag };
  };

  const route = async (req: IncomingMessage, url: URL): Promise<Reply & { route: string }> => {
    const user = url.searchParams.get('user') ?? 'anonymous';
    const ctx: EvaluationContext = { targetingKey: user, tier: url.searchParams.get('tier') ?? 'standard' };
    if (url.pathname === '/health')
      return { route: '/health', status: 200, body: { ok: true, release: options.release } };
    if (url.pathname === '/cart' && req.method === 'GET') return { route: '/cart', ...(await cart(ctx)) };
    if (url.pathname === '/checkout' && req.method === 'POST') return { route: '/checkout', ...(await checkout(ctx)) };
    if (url.pathname === '/cart' || url.pathname === '/checkout') {
      return { route: url.pathname, status: 405, body: { error: `method ${req.method} not allowed` } };
    }
    return { route: 'unmatched', status: 404, body: { error: `no route ${url.pathname}` } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    let reply: Reply & { route: string };
    try {
      reply = await route(req, url);
    } catch (error) {
      reply = { route: url.pathname, status: 500, body: { error: (error as Error).message } };
    }
    const body = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    if (reply.route !== '/health') {
      const seconds = (performance.now() - started) / 1000;
      const outcome = { route: reply.route, method: req.method ?? 'GET', status: reply.status, seconds };
      options.metrics.record(reply.flag ? { ...outcome, flag: reply.flag } : outcome);
    }
  };

  const server = createServer((req, res) => {
    // Drain the body (the demo sends none); the handler never rejects.
    req.resume();
    void handle(req, res);
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
