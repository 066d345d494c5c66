import { gammaln } from 'simple-statistics';

function continuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularized incomplete beta function I_x(a, b).
 *
 * Method: the continued fraction of A&S 26.5.8 evaluated with the modified Lentz algorithm,
 * on the side of the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges fast
 * (x < (a + 1) / (a + b + 2)); relative stop at 1e-16. `gammaln` from simple-statistics.
 * Reference: Abramowitz & Stegun 26.5.8; Didonato & Morris (1992) for the choice of side.
 * Complexity: O(sqrt(max(a, b))) iterations.
 *
 * @example regularizedIncompleteBeta(0.3, 2, 5) // 0.579825
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * continuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * continuedFraction(b, a, 1 - x)) / b;
}
