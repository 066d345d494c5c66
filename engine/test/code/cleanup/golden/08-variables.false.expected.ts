import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function vars(): void {
  const b = compute();
  let d = false;
  if (b) d = false;
  hide();
  track(d);
}

declare function compute(): boolean;
declare function show(x: object): void;
declare function hide(): void;
declare function track(x: boolean): void;
