/**
 * Points of one metric from one export, packed as float64 records in one BLOB (one row per export and
 * metric instead of one per point: the row count, not the bytes, bounds SQLite's insert rate).
 * Record: `[series, t, start, value, count, min, max, layout, n, ...buckets(n), m, ...raw(m)]`; absent
 * values are NaN; `raw` is `[value, count, ...buckets]` of a cumulative point, empty otherwise.
 */
export interface ChunkPoint {
  series: number;
  t: number;
  start: number;
  value: number;
  count: number;
  min: number;
  max: number;
  /** Histogram layout id, or NaN. */
  layout: number;
  /** Explicit bucket counts, encoded exponential data or quantile pairs, by kind. */
  buckets: ArrayLike<number>;
  /** A cumulative point's own `[value, count, ...buckets]`, empty for other points. */
  raw: ArrayLike<number>;
}

export class ChunkWriter {
  private values: number[] = [];
  tMin = Number.POSITIVE_INFINITY;
  tMax = Number.NEGATIVE_INFINITY;
  count = 0;

  push(p: ChunkPoint): void {
    const v = this.values;
    v.push(p.series, p.t, p.start, p.value, p.count, p.min, p.max, p.layout, p.buckets.length);
    for (let i = 0; i < p.buckets.length; i++) v.push(p.buckets[i] as number);
    v.push(p.raw.length);
    for (let i = 0; i < p.raw.length; i++) v.push(p.raw[i] as number);
    if (p.t < this.tMin) this.tMin = p.t;
    if (p.t > this.tMax) this.tMax = p.t;
    this.count++;
  }

  toBuffer(): Buffer {
    const array = Float64Array.from(this.values);
    return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  }
}

/** Calls `visit` for every point of a chunk BLOB (the arrays are views; copy what you keep). */
export function readChunk(blob: Uint8Array, visit: (p: ChunkPoint) => void): void {
  const f = new Float64Array(blob.byteLength / 8);
  new Uint8Array(f.buffer).set(blob);
  let i = 0;
  while (i < f.length) {
    const n = f[i + 8] as number;
    const buckets = f.subarray(i + 9, i + 9 + n);
    const m = f[i + 9 + n] as number;
    const raw = f.subarray(i + 10 + n, i + 10 + n + m);
    visit({
      series: f[i] as number,
      t: f[i + 1] as number,
      start: f[i + 2] as number,
      value: f[i + 3] as number,
      count: f[i + 4] as number,
      min: f[i + 5] as number,
      max: f[i + 6] as number,
      layout: f[i + 7] as number,
      buckets,
      raw,
    });
    i += 10 + n + m;
  }
}
