import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function chain(): void {
  if (!client.getBooleanValue('new-checkout', false)) f();
  else if (!client.getBooleanValue('new-checkout', false)) g();
  else if (!client.getBooleanValue('new-checkout', false)) h();
  else if (!client.getBooleanValue('new-checkout', false)) i();
  else j();
}

export function braced(x: number): void {
  if (x > 1) {
    f();
  } else if (!client.getBooleanValue('new-checkout', false)) {
    g();
  } else if (client.getBooleanValue('new-checkout', false)) {
    h();
  }
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function i(): void;
declare function j(): void;
