import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function report(): void {
  console.log(false);
  send({ enabled: false, at: Date.now() });
}

declare function send(x: object): void;
