import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/**
 * The YAML node at `path` in a parsed document (or its deepest existing ancestor), for line numbers in
 * error messages; the key node when the value has no position.
 */
export function locateNode(root: unknown, path: readonly PropertyKey[]): Node | null {
  let node: unknown = root;
  let found: Node | null = isScalar(root) || isMap(root) || isSeq(root) ? root : null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return found;
      node = pair.value;
      const value = pair.value as Node | null;
      found = value && 'range' in value ? value : (pair.key as Node);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) return found;
      node = item;
      found = item as Node;
    } else return found;
  }
  return found;
}
