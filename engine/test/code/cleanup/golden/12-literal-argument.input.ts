import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function report(): void {
  console.log(client.getBooleanValue('new-checkout', false));
  send({ enabled: client.getBooleanValue('new-checkout', false), at: Date.now() });
}

declare function send(x: object): void;
