// key: checkout-theme
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function color(): string {
  return '#000';
}
