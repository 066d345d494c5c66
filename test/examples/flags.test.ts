import { type Client, ErrorCode, OpenFeature, StandardResolutionReasons } from '@openfeature/server-sdk';
import { type Attributes, metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlagsClient } from '../../examples/checkout/src/flags';

describe('checkout flags evaluated through OpenFeature with the flagd file provider', () => {
  let client: Client;
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });

  beforeAll(async () => {
    metrics.setGlobalMeterProvider(meterProvider);
    client = await createFlagsClient(undefined, 'flags-test');
  });

  afterAll(async () => {
    await OpenFeature.close();
    await meterProvider.shutdown();
    metrics.disable();
  });

  it('serves the fully rolled-out flag from its default variant', async () => {
    const details = await client.getBooleanDetails('express-shipping', false, { targetingKey: 'u1' });
    expect(details).toMatchObject({ value: true, variant: 'on', reason: StandardResolutionReasons.STATIC });
  });

  it('applies the targeting rule of cart-recommendations', async () => {
    const gold = await client.getStringDetails('cart-recommendations', 'none', { targetingKey: 'u2', tier: 'gold' });
    const standard = await client.getStringDetails('cart-recommendations', 'none', { targetingKey: 'u3' });
    expect(gold).toMatchObject({ value: 'bestsellers', variant: 'bestsellers' });
    expect(standard).toMatchObject({ value: 'similar-items', variant: 'similar-items' });
    expect(gold.reason).toBe(StandardResolutionReasons.TARGETING_MATCH);
  });

  it('returns the code default with FLAG_NOT_FOUND for a key missing from the file', async () => {
    const details = await client.getBooleanDetails('legacy-coupons', true, { targetingKey: 'u4' });
    expect(details.value).toBe(true);
    expect(details.errorCode).toBe(ErrorCode.FLAG_NOT_FOUND);
  });

  it('splits new-checkout-flow near 50/50, stable per user', async () => {
    const n = 4000;
    let on = 0;
    for (let i = 0; i < n; i++) {
      const details = await client.getBooleanDetails('new-checkout-flow', false, { targetingKey: `user-${i}` });
      // flagd reports a fractional bucket as a targeting match.
      expect(details.reason).toBe(StandardResolutionReasons.TARGETING_MATCH);
      expect(details.variant).toBe(details.value ? 'on' : 'off');
      if (details.value) on++;
    }
    // Binomial(4000, 0.5) has sd 31.6; 5 sd either side.
    expect(Math.abs(on - n / 2)).toBeLessThan(5 * Math.sqrt(n / 4));
    // 4000 above, 1 + 20 here.
    const first = await client.getBooleanValue('new-checkout-flow', false, { targetingKey: 'user-7' });
    for (let i = 0; i < 20; i++) {
      expect(await client.getBooleanValue('new-checkout-flow', false, { targetingKey: 'user-7' })).toBe(first);
    }
  });

  it('counts evaluations per variant with the OpenTelemetry MetricsHook', async () => {
    await reader.forceFlush();
    const points = exporter
      .getMetrics()
      .flatMap((rm) => rm.scopeMetrics)
      .flatMap((sm) => sm.metrics)
      .filter((m) => m.descriptor.name === 'feature_flag.evaluation_success_total')
      .flatMap((m): { attributes: Attributes; value: unknown }[] => m.dataPoints);
    const count = (key: string, variant: string): number =>
      points
        .filter(
          (p) => p.attributes['feature_flag.key'] === key && p.attributes['feature_flag.result.variant'] === variant,
        )
        .reduce((sum, p) => sum + Number(p.value), 0);
    expect(count('express-shipping', 'on')).toBe(1);
    expect(count('cart-recommendations', 'bestsellers')).toBe(1);
    expect(count('new-checkout-flow', 'on') + count('new-checkout-flow', 'off')).toBe(4021);
    expect(count('new-checkout-flow', 'on')).toBeGreaterThan(1800);
  });
});
