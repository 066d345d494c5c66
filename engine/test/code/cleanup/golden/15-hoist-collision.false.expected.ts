import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function collide(b: number): number {
  const a = b;
  {
    let a = b;
    a += 1;
    use(a);
  }
  const stale = b - 1;
  use(stale);
  return a;
}

declare function use(x: number): void;
