import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function pick(): string {
  const c = client.getBooleanValue('other', false)
    ? f2()
    : f3();
  const d = 'hi';
  return c + d;
}

declare function f1(): string;
declare function f2(): string;
declare function f3(): string;
declare function f4(): string;
