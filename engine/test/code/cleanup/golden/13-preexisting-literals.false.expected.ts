import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function literals(): void {
  if (true) {
    f();
  } else {
    g();
  }
  if (f() && true) g();
  g();
  while (true) {
    if (f()) break;
  }
  log(false);
}

declare function f(): boolean;
declare function g(): void;
declare function log(x: unknown): void;
