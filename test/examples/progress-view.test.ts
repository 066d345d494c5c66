import { describe, expect, it } from 'vitest';
import { summarize } from '../../examples/checkout/src/progress-view';

describe('demo progress line', () => {
  it('shows each metric effect, and why a metric has none yet', () => {
    const line = summarize({
      metrics: [
        {
          name: 'latency-p95',
          classification: 'high',
          harm: 'harmful',
          effect: { absolute: 0.3, relative: 1.2 },
          n: { baseline: 120, canary: 118 },
        },
        {
          name: 'error-rate',
          classification: 'nodata',
          harm: 'undecided',
          effect: null,
          n: { baseline: 4, canary: 3 },
        },
      ],
    } as Parameters<typeof summarize>[0]);
    expect(line).toBe('n 120/118  latency-p95 +120.0% harmful · error-rate nodata');
  });
});
