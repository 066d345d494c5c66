import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function effects(): void {
  sideEffect();
  a();
  if (sideEffect()) c();
  const kept = sideEffect() || true;
  d();
  log(kept);
}

declare const pure: boolean;
declare function sideEffect(): boolean;
declare function a(): void;
declare function b(): void;
declare function c(): void;
declare function d(): void;
declare function log(x: unknown): void;
