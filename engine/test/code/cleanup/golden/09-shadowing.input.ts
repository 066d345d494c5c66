import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function outer(items: boolean[]): number {
  const enabled = client.getBooleanValue('new-checkout', false);
  let count = 0;
  for (const item of items) {
    const enabled = item;
    if (enabled) count += 1;
  }
  const inner = (enabled: boolean) => (enabled ? 1 : 0);
  if (enabled) count += inner(false);
  return count;
}
