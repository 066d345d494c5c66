import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function chain(): void {
  j();
}

export function braced(x: number): void {
  if (x > 1) {
    f();
  } else {
    h();
  }
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function i(): void;
declare function j(): void;
