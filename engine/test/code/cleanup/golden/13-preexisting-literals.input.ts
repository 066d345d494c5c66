import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function literals(): void {
  if (true) {
    f();
  } else {
    g();
  }
  if (f() && true) g();
  const x = false || client.getBooleanValue('new-checkout', false);
  if (false || client.getBooleanValue('new-checkout', false)) {
    f();
  } else {
    g();
  }
  while (true) {
    if (f()) break;
  }
  log(x);
}

declare function f(): boolean;
declare function g(): void;
declare function log(x: unknown): void;
