import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function mixed(): void {
  b();
  const theme = client.getStringValue('theme', 'light');
  if (theme === 'dark') c();
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
