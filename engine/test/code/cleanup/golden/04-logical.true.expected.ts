import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function decide(user: { beta: boolean; name?: string }): void {
  if (user.beta) a();
  b();
  if (user.beta) c();
  d();
  f();
  g();
  h();
  if (user.beta || user.name) i();
  const label = user.name ?? 'new';
  log(label, true);
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
declare function d(): void;
declare function e(): void;
declare function f(): void;
declare function g(): boolean;
declare function h(): void;
declare function i(): void;
declare function log(...args: unknown[]): void;
