import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function pay(amount: number): Promise<string> {
  charge(amount);
  return 'new';
}

export function sync(): void {
  f1();
  f2();
  audit();
}

declare function charge(n: number): void;
declare function legacyCharge(n: number): void;
declare function f1(): void;
declare function f2(): void;
declare function f3(): void;
declare function audit(): void;
