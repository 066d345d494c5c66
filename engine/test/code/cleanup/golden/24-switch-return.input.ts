// key: checkout-theme
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function color(): string {
  switch (client.getStringValue('checkout-theme', 'blue')) {
    case 'blue':
      return '#00f';
    case 'green':
    case 'lime':
      return '#0f0';
    default:
      break;
  }
  return '#000';
}
