/** Levenshtein edit distance (insert, delete, substitute), O(a·b) time, O(b) memory. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const normalize = (key: string) => key.toLowerCase().replace(/[^a-z\d]/g, '');

/**
 * The known key closest to `key`: same letters ignoring case and separators (`newCheckout` for `new-checkout`),
 * else the smallest edit distance within a third of the key's length. Undefined when nothing is close.
 */
export function didYouMean(key: string, known: Iterable<string>): string | undefined {
  const target = normalize(key);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    if (candidate === key) continue;
    if (normalize(candidate) === target) return candidate;
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
