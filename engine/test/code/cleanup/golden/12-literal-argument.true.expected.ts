import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function report(): void {
  console.log(true);
  send({ enabled: true, at: Date.now() });
}

declare function send(x: object): void;
