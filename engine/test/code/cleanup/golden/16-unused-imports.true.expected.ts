import { OpenFeature } from '@openfeature/server-sdk';
import { newFlow, shared } from './flows';
import { modernTheme } from './themes';

const client = OpenFeature.getClient();

export function run(): string {
  shared();
  return newFlow() + modernTheme;
}
