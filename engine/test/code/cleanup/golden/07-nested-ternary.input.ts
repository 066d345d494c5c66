import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function pick(): string {
  const c = !client.getBooleanValue('new-checkout', false)
    ? f1()
    : client.getBooleanValue('other', false)
      ? f2()
      : client.getBooleanValue('new-checkout', false)
        ? f3()
        : f4();
  const d = client.getBooleanValue('new-checkout', false) ? 'hi' : 'hello';
  return c + d;
}

declare function f1(): string;
declare function f2(): string;
declare function f3(): string;
declare function f4(): string;
