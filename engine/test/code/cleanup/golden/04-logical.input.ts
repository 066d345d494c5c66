import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function decide(user: { beta: boolean; name?: string }): void {
  const on = client.getBooleanValue('new-checkout', false);
  if (on && user.beta) a();
  if (on || user.beta) b();
  if (user.beta && on) c();
  if (user.beta || on) d();
  if (!on) e();
  if (!!on) f();
  if (!(!(g() || on))) h();
  if ((on && user.beta) || user.name) i();
  const label = user.name ?? (on ? 'new' : 'old');
  const flagFirst = on ?? false;
  log(label, flagFirst);
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
