import { OpenFeature } from '@openfeature/server-sdk';
import { oldFlow, shared } from './flows';
import legacyTheme from './themes';

const client = OpenFeature.getClient();

function legacyHelper(): string {
  return oldFlow() + legacyTheme;
}

export function run(): string {
  shared();
  return legacyHelper();
}
