import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function literals(): void {
  if (true) {
    f();
  } else {
    g();
  }
  if (f() && true) g();
  f();
  while (true) {
    if (f()) break;
  }
  log(true);
}

declare function f(): boolean;
declare function g(): void;
declare function log(x: unknown): void;
