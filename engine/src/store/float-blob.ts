/** Packs numbers as little-endian float64 bytes for a SQLite BLOB column (no JSON cost). */
export function toFloatBlob(values: ArrayLike<number>): Buffer {
  const array = Float64Array.from(values as ArrayLike<number>);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Reads a BLOB written by `toFloatBlob`. */
export function fromFloatBlob(blob: Uint8Array): number[] {
  const copy = new Float64Array(blob.byteLength / 8);
  new Uint8Array(copy.buffer).set(blob);
  return Array.from(copy);
}
