import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function useWrappers(): void {
  f1();
  const c = f3();
  log(true, c);
}

export async function asyncUse(): Promise<void> {
  f1();
}

export function exportedWrapper(): boolean {
  return true;
}

declare function f1(): boolean;
declare function f2(): void;
declare function f3(): boolean;
declare function log(...args: unknown[]): void;
