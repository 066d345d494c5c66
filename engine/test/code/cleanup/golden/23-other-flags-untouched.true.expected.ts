import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function mixed(): void {
  if (client.getBooleanValue('new-search', false)) {
    a();
  } else {
    b();
  }
  c();
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
