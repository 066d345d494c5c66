import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function vars(): void {
  const a = client.getBooleanValue('new-checkout', false),
    b = compute();
  let c = client.getBooleanValue('new-checkout', false);
  let d = client.getBooleanValue('new-checkout', false);
  if (b) d = false;
  const e = a;
  var g = !c;
  if (e) show({ e, d });
  if (g) hide();
  track(d);
}

declare function compute(): boolean;
declare function show(x: object): void;
declare function hide(): void;
declare function track(x: boolean): void;
