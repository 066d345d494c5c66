import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function chain(): void {
  f();
}

export function braced(x: number): void {
  if (x > 1) {
    f();
  } else {
    g();
  }
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function i(): void;
declare function j(): void;
