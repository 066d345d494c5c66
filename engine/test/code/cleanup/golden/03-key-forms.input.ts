import { OpenFeature } from '@openfeature/server-sdk';
import { CHECKOUT_FLAG } from './flag-keys';

const client = OpenFeature.getClient();
const KEY = 'new-checkout';
enum Flags {
  Checkout = 'new-checkout',
  Search = 'new-search',
}
const FLAGS = { checkout: 'new-checkout', search: 'new-search' } as const;

export function render(): string[] {
  const parts: string[] = [];
  if (client.getBooleanValue(KEY, false)) parts.push('const');
  if (client.getBooleanValue(Flags.Checkout, false)) parts.push('enum');
  if (client.getBooleanValue(FLAGS.checkout, false)) parts.push('object');
  if (client.getBooleanValue(CHECKOUT_FLAG, false)) parts.push('imported');
  if (client.getBooleanValue(Flags.Search, false)) parts.push('other flag');
  if (client.getBooleanValue(FLAGS.search, false)) parts.push('other flag');
  return parts;
}
