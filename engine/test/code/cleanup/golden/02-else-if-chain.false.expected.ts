import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function route(path: string): string {
  if (path === '/') {
    return 'home';
  } else {
    return 'checkout';
  }
}

export function chain(): void {
  f();
}

export function outer(ready: boolean): void {
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function j(): void;
