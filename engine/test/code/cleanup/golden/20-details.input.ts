import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function details(): Promise<void> {
  const value = (await client.getBooleanDetails('new-checkout', false)).value;
  if (value) a();
  const full = await client.getBooleanDetails('new-checkout', false);
  log(full.reason);
}

declare function a(): void;
declare function log(x: unknown): void;
