import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function effects(): void {
  const flag = client.getBooleanValue('new-checkout', false);
  if (sideEffect() || flag) {
    a();
  } else {
    b();
  }
  if (sideEffect() && flag) c();
  const kept = sideEffect() || flag;
  if (pure || flag) d();
  log(kept);
}

declare const pure: boolean;
declare function sideEffect(): boolean;
declare function a(): void;
declare function b(): void;
declare function c(): void;
declare function d(): void;
declare function log(x: unknown): void;
