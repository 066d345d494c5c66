import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeasurementRequest } from '../../../src/providers/metric-provider';
import { otelToPrometheusLabel, otelToPrometheusName } from '../../../src/providers/prometheus/prometheus-name';
import { createPrometheusProvider } from '../../../src/providers/prometheus/prometheus-provider';
import { DEFAULT_COHORT_LABELS, renderPromqlTemplate } from '../../../src/providers/prometheus/promql-template';
import { backendGate, requireBackend } from './prometheus-harness';

const window = { from: 1_700_000_000_000, to: 1_700_000_600_000, step: 60_000 };

describe('OTel -> Prometheus names', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['app.checkout.requests', '{request}', 'counter', 'app_checkout_requests_total'],
    ['system.memory.usage', 'By', 'updowncounter', 'system_memory_usage_bytes'],
    ['process.cpu.utilization', '1', 'gauge', 'process_cpu_utilization_ratio'],
    ['net.io', 'By/s', 'gauge', 'net_io_bytes_per_second'],
    ['jobs_total', '', 'counter', 'jobs_total'],
    ['latency.seconds', 's', 'histogram', 'latency_seconds'],
    ['weird..name-x', 'ms', 'gauge', 'weird_name_x_milliseconds'],
  ] as const)('%s (%s, %s) -> %s', (name, unit, kind, expected) => {
    expect(otelToPrometheusName(name, { unit, kind })).toBe(expected);
  });

  it('maps attribute keys to labels', () => {
    expect(otelToPrometheusLabel('feature_flag.result.variant')).toBe('feature_flag_result_variant');
    expect(otelToPrometheusLabel('service.version')).toBe('service_version');
    expect(otelToPrometheusLabel('2xx.count')).toBe('_2xx_count');
  });
});

describe('PromQL templates', () => {
  const roles = { baseline: { release: '1.0.0' }, canary: { release: '1.1.0' } };
  it('expands cohort, role, interval and user placeholders, escaping values', () => {
    const rendered = renderPromqlTemplate(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: `${name}` is the braced placeholder form under test.
      'sum(rate(x{$cohort,ns="${namespace}"}[$interval])) / on() sum(y{service_version="$canary"}) + z{v="$baseline",w="$window"}',
      {
        cohort: {
          service: 'check"out',
          release: '1.1.0',
          flag: 'new-ui',
          variant: 'on',
          attributes: { 'k8s.ns': 'a' },
        },
        window,
        labels: DEFAULT_COHORT_LABELS,
        roles,
        variables: { namespace: 'prod' },
      },
    );
    expect(rendered).toEqual({
      ok: true,
      query:
        'sum(rate(x{service_name="check\\"out",service_version="1.1.0",feature_flag_key="new-ui",feature_flag_result_variant="on",k8s_ns="a",ns="prod"}[60s])) / on() sum(y{service_version="1.1.0"}) + z{v="1.0.0",w="600s"}',
    });
  });

  it('refuses unknown and unset placeholders instead of rendering empty strings', () => {
    const unset = renderPromqlTemplate('x{v="$variant"}', {
      cohort: { release: '1' },
      window,
      labels: DEFAULT_COHORT_LABELS,
    });
    expect(unset).toMatchObject({ ok: false, message: expect.stringContaining('$variant is not set') });
    const unknown = renderPromqlTemplate('x{v="$nope"}', { cohort: {}, window, labels: DEFAULT_COHORT_LABELS });
    expect(unknown).toMatchObject({ ok: false, message: expect.stringContaining('unknown $nope') });
  });
});

describe('source failures are data', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const req: MeasurementRequest = { name: 'latency', shape: 'values', query: 'up', cohort: {}, window };

  it('a timeout becomes an error measurement', async () => {
    const url = await serve(() => {
      // never answers
    });
    const measured = await createPrometheusProvider({ url, timeoutMs: 200 }).measure(req);
    expect(measured).toMatchObject({ kind: 'error', message: expect.stringContaining('no answer within 200 ms') });
    server?.closeAllConnections();
  });

  it('a refused connection becomes an error measurement', async () => {
    const url = await serve((_, res) => res.end());
    server?.close();
    server = undefined;
    const measured = await createPrometheusProvider({ url }).measure(req);
    expect(measured.kind).toBe('error');
  });

  it.each([
    [
      400,
      '{"status":"error","errorType":"bad_data","error":"1:5: parse error"}',
      'HTTP 400: bad_data: 1:5: parse error',
    ],
    [422, '{"status":"error","errorType":"422","error":"cannot parse \\"sum(\\""}', 'HTTP 422: 422: cannot parse'],
    [503, '{"status":"error","errorType":"timeout","error":"query timed out"}', 'HTTP 503: timeout: query timed out'],
    [502, '<html>Bad Gateway</html>', 'HTTP 502, body is not JSON: <html>Bad Gateway</html>'],
    [200, '{"status":"success","data":{"resultType":"matrix"}}', 'unexpected answer shape'],
  ])('HTTP %i %s', async (status, body, message) => {
    const url = await serve((_, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
    const measured = await createPrometheusProvider({ url }).measure(req);
    expect(measured).toMatchObject({ kind: 'error', message: expect.stringContaining(message) });
  });

  it('NaN-only series are nodata; NaN points are gaps', async () => {
    const nan = {
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: {}, values: [[1_700_000_060, 'NaN']] }] },
    };
    let url = await serve((_, res) => res.end(JSON.stringify(nan)));
    expect((await createPrometheusProvider({ url }).measure(req)).kind).toBe('nodata');
    server?.close();
    const mixed = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [1_700_000_060, 'NaN'],
              [1_700_000_120, '2.5'],
              [1_700_000_180, '+Inf'],
            ],
          },
        ],
      },
    };
    url = await serve((_, res) => res.end(JSON.stringify(mixed)));
    expect(await createPrometheusProvider({ url }).measure(req)).toEqual({
      kind: 'values',
      timestamps: [1_700_000_060_000],
      values: [2.5],
    });
  });

  it('store-style numeric filters have no PromQL matcher: an error naming the filter', async () => {
    const measured = await createPrometheusProvider({ url: 'http://127.0.0.1:1' }).measure({
      ...req,
      shape: 'counts',
      query: 'app.requests{http.response.status_code>=500}',
      denominatorQuery: 'app.requests',
    });
    expect(measured).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('http.response.status_code>=500'),
    });
  });

  it('a counts metric without a denominator is an error, not an exception', async () => {
    const measured = await createPrometheusProvider({ url: 'http://127.0.0.1:1' }).measure({ ...req, shape: 'counts' });
    expect(measured).toMatchObject({ kind: 'error', message: expect.stringContaining('denominator') });
  });
});

describe('real-binary tests without the binary', () => {
  const missing = () => false;

  it.each([
    ['prometheus', '/usr/bin/prometheus', 'apt-get install prometheus'],
    ['victoriametrics', '/usr/bin/victoria-metrics', 'apt-get install victoria-metrics'],
  ] as const)('fail in CI for %s, naming the binary and the apt package', (name, bin, install) => {
    for (const ci of ['1', 'true', 'yes']) {
      const gate = backendGate(name, { CI: ci }, missing);
      expect(gate).toEqual({ action: 'fail', message: expect.stringContaining(install) });
      expect(gate).toMatchObject({ message: expect.stringContaining(`${bin} not found`) });
    }
  });

  it('skip with the same reason outside CI, and run when the binary is there', () => {
    for (const env of [{}, { CI: '' }, { CI: '0' }, { CI: 'false' }]) {
      expect(backendGate('prometheus', env, missing)).toEqual({
        action: 'skip',
        message: expect.stringMatching(/^\/usr\/bin\/prometheus not found: .*apt-get install prometheus.*skipped/),
      });
    }
    expect(backendGate('victoriametrics', { CI: '1' }, (path) => path === '/usr/bin/victoria-metrics')).toEqual({
      action: 'run',
    });
  });

  it('requireBackend throws in CI and skips with the message otherwise', () => {
    const skipped: string[] = [];
    const ctx = {
      skip: ((note?: string) => {
        skipped.push(note ?? '');
      }) as never,
    };
    expect(() => requireBackend(ctx, 'victoriametrics', { CI: '1' }, missing)).toThrow(
      /apt-get install victoria-metrics/,
    );
    expect(skipped).toEqual([]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      requireBackend(ctx, 'victoriametrics', {}, missing);
      requireBackend(ctx, 'victoriametrics', {}, missing);
      expect(skipped).toEqual(Array(2).fill(expect.stringContaining('apt-get install victoria-metrics')));
      // Announced once on stderr, so the default reporter shows why the tests were skipped.
      expect(warn.mock.calls).toEqual([[expect.stringMatching(/^skipping the victoriametrics tests: .*apt-get/)]]);
    } finally {
      warn.mockRestore();
    }
    requireBackend(ctx, 'victoriametrics', { CI: '1' }, () => true);
    expect(skipped).toHaveLength(2);
  });
});
