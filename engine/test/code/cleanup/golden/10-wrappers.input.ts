import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

function isNewCheckout(): boolean {
  return client.getBooleanValue('new-checkout', false);
}

const checkoutArrow = () => client.getBooleanValue('new-checkout', false);

const checkoutExpr = function () {
  return client.getBooleanValue('new-checkout', false);
};

async function loadCheckout(): Promise<boolean> {
  return await client.getBooleanValue('new-checkout', false);
}

export function useWrappers(): void {
  if (isNewCheckout() || f1()) {
    f1();
  } else {
    f2();
  }
  const b = checkoutArrow();
  const c = checkoutExpr() && f3();
  log(b, c);
}

export async function asyncUse(): Promise<void> {
  if (await loadCheckout()) f1();
}

export function exportedWrapper(): boolean {
  return client.getBooleanValue('new-checkout', false);
}

declare function f1(): boolean;
declare function f2(): void;
declare function f3(): boolean;
declare function log(...args: unknown[]): void;
