import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function compare(): void {
  if (client.getBooleanValue('new-checkout', false) === true) a();
  if (client.getBooleanValue('new-checkout', false) == false) b();
  if (client.getBooleanValue('new-checkout', false) != true) c();
  if (client.getBooleanValue('new-checkout', false) !== false) d();
  if (true === client.getBooleanValue('new-checkout', false)) e();
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
declare function d(): void;
declare function e(): void;
