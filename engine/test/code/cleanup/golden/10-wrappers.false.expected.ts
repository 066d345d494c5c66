import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function useWrappers(): void {
  if (f1()) {
    f1();
  } else {
    f2();
  }
  log(false, false);
}

export async function asyncUse(): Promise<void> {
}

export function exportedWrapper(): boolean {
  return false;
}

declare function f1(): boolean;
declare function f2(): void;
declare function f3(): boolean;
declare function log(...args: unknown[]): void;
