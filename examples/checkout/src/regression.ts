/**
 * A regression injected into the service, so the demo and tests can show a
 * real no-go: latency multiplied by `slowdown`, a fraction `tailRate` of
 * requests delayed by about `tailMs` more (a fatter p99), and `errorRate`
 * extra requests failing with 500.
 */
export interface Regression {
  slowdown: number;
  tailRate: number;
  tailMs: number;
  errorRate: number;
}

/** A regression that only hits requests served with one variant of one flag. */
export interface FlagRegression {
  flag: string;
  variant: string;
  regression: Regression;
}

export const NO_REGRESSION: Regression = Object.freeze({ slowdown: 1, tailRate: 0, tailMs: 0, errorRate: 0 });

const KEYS: Record<string, keyof Regression> = {
  slowdown: 'slowdown',
  tail: 'tailRate',
  tailMs: 'tailMs',
  errors: 'errorRate',
};

/**
 * Parses `slowdown=1.3,tail=0.05,tailMs=300,errors=0.04` (every key optional).
 * `where` names the source (for example the environment variable) in errors.
 */
export function parseRegression(spec: string | undefined, where: string): Regression {
  const result: Regression = { ...NO_REGRESSION };
  if (spec === undefined || spec.trim() === '') return result;
  for (const part of spec.split(',')) {
    const [rawKey, rawValue] = part.split('=');
    const key = KEYS[rawKey?.trim() ?? ''];
    if (key === undefined || rawValue === undefined) {
      throw new Error(`${where}: expected key=value with keys ${Object.keys(KEYS).join(', ')}, got "${part}"`);
    }
    const value = Number(rawValue);
    const valid =
      Number.isFinite(value) &&
      value >= 0 &&
      (key === 'slowdown' ? value > 0 : true) &&
      (key === 'tailRate' || key === 'errorRate' ? value <= 1 : true);
    if (!valid) throw new Error(`${where}: ${rawKey} must be a finite number in range, got "${rawValue}"`);
    result[key] = value;
  }
  return result;
}

/** Parses `new-checkout-flow=on:slowdown=1.5,errors=0.03` (flag=variant:regression). */
export function parseFlagRegression(spec: string | undefined, where: string): FlagRegression | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  const match = /^([^=:]+)=([^:]+):(.*)$/.exec(spec.trim());
  if (!match) throw new Error(`${where}: expected flag=variant:key=value,..., got "${spec}"`);
  const [, flag = '', variant = '', rest] = match;
  return { flag, variant, regression: parseRegression(rest, where) };
}

/** Combines two regressions (slowdowns multiply, the other effects add up, capped at 1 for rates). */
export function combine(a: Regression, b: Regression): Regression {
  return {
    slowdown: a.slowdown * b.slowdown,
    tailRate: Math.min(1, a.tailRate + b.tailRate),
    tailMs: Math.max(a.tailMs, b.tailMs),
    errorRate: Math.min(1, a.errorRate + b.errorRate),
  };
}
