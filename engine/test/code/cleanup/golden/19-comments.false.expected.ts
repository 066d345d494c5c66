import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function commented(): void {
  // Decide which checkout to run
  // This is the old checkout
  runOld(); /* trailing note on old */
  /* keep me */
  done();
  // final comment
}

declare function runNew(): void;
declare function runOld(): void;
declare function done(): void;
