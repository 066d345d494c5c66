import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function mixed(): void {
  if (client.getBooleanValue('new-search', false) && client.getBooleanValue('new-checkout', false)) {
    a();
  } else {
    b();
  }
  const theme = client.getStringValue('theme', 'light');
  if (theme === 'dark' || client.getBooleanValue('new-checkout', false)) c();
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
