import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function collide(b: number): number {
  const a = b;
  {
    const a = b * 2;
    use(a);
  }
  const fresh = b + 1;
  use(fresh);
  return a;
}

declare function use(x: number): void;
