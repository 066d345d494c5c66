import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function outer(items: boolean[]): number {
  let count = 0;
  for (const item of items) {
    const enabled = item;
    if (enabled) count += 1;
  }
  return count;
}
