import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function route(path: string): string {
  if (path === '/') {
    return 'home';
  } else {
    return 'checkout-v2';
  }
}

export function chain(): void {
  g();
  h();
}

export function outer(ready: boolean): void {
  if (ready) {
    g();
  }
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function j(): void;
