/** Deterministic pseudo-normal values for tests (Box-Muller over a Park-Miller generator). */
export function normals(n: number, mean: number, sd: number, seed: number): number[] {
  let state = seed % 2147483647 || 1;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return Array.from(
    { length: n },
    () => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}
