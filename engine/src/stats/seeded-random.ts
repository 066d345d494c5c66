/** A deterministic pseudo-random source for simulations (never used by the judge itself). */
export interface SeededRandom {
  /** Uniform on (0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal (Marsaglia polar method). */
  normal(): number;
  /** Poisson with mean `lambda` (inversion for lambda ≤ 30; larger means are split into a sum of two halves). */
  poisson(lambda: number): number;
}

/**
 * Seeded PRNG: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32, with 53-bit
 * uniforms built from two outputs, polar-method normals and inversion Poisson draws.
 * Reference: Blackman & Vigna, "Scrambled linear pseudorandom number generators" (2018);
 * Marsaglia & Bray (1964) polar method; Knuth TAOCP vol. 2, 3.4.1 (Poisson by inversion).
 * Complexity: O(1) per uniform/normal draw, O(lambda) per Poisson draw.
 *
 * @example createSeededRandom(42).uniform() // same number on every run
 */
export function createSeededRandom(seed: number): SeededRandom {
  let sm = seed >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const uniform = (): number => {
    const hi = next() >>> 5;
    const lo = next() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };
  const poisson = (lambda: number): number => {
    if (lambda <= 0) return 0;
    if (lambda > 30) {
      const half = lambda / 2;
      return poisson(half) + poisson(lambda - half);
    }
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = uniform();
    while (u > cdf && k < 1000) {
      k += 1;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  };
  return { uniform, normal, poisson };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
