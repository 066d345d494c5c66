import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function decide(user: { beta: boolean; name?: string }): void {
  if (user.beta) b();
  if (user.beta) d();
  e();
  if (!(!g())) h();
  if (user.name) i();
  const label = user.name ?? 'old';
  log(label, false);
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
