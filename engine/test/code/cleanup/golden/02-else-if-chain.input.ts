import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function route(path: string): string {
  if (path === '/') {
    return 'home';
  } else if (client.getBooleanValue('new-checkout', false)) {
    return 'checkout-v2';
  } else {
    return 'checkout';
  }
}

export function chain(): void {
  if (!client.getBooleanValue('new-checkout', false)) f();
  else if (client.getBooleanValue('new-checkout', false)) {
    g();
    h();
  } else j();
}

export function outer(ready: boolean): void {
  if (ready) {
    if (client.getBooleanValue('new-checkout', false)) {
      g();
    }
  }
}

declare function f(): void;
declare function g(): void;
declare function h(): void;
declare function j(): void;
