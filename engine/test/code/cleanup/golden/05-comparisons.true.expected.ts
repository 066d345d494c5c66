import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function compare(): void {
  a();
  d();
  e();
}

declare function a(): void;
declare function b(): void;
declare function c(): void;
declare function d(): void;
declare function e(): void;
