import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function collide(b: number): number {
  const a = b;
  if (client.getBooleanValue('new-checkout', false)) {
    const a = b * 2;
    use(a);
  } else {
    let a = b;
    a += 1;
    use(a);
  }
  if (client.getBooleanValue('new-checkout', false)) {
    const fresh = b + 1;
    use(fresh);
  } else {
    const stale = b - 1;
    use(stale);
  }
  return a;
}

declare function use(x: number): void;
