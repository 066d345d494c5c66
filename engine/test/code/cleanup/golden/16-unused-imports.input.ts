import { OpenFeature } from '@openfeature/server-sdk';
import { newFlow, oldFlow, shared } from './flows';
import legacyTheme, { modernTheme } from './themes';

const client = OpenFeature.getClient();
const FLAG_KEY = 'new-checkout';

function legacyHelper(): string {
  return oldFlow() + legacyTheme;
}

export function run(): string {
  shared();
  if (client.getBooleanValue(FLAG_KEY, false)) {
    return newFlow() + modernTheme;
  }
  return legacyHelper();
}
