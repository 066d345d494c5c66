import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();
enum Flags {
  Checkout = 'new-checkout',
  Search = 'new-search',
}
const FLAGS = { checkout: 'new-checkout', search: 'new-search' } as const;

export function render(): string[] {
  const parts: string[] = [];
  if (client.getBooleanValue(Flags.Search, false)) parts.push('other flag');
  if (client.getBooleanValue(FLAGS.search, false)) parts.push('other flag');
  return parts;
}
