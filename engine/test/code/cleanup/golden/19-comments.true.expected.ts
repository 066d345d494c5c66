import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function commented(): void {
  // Decide which checkout to run
  // This is the new checkout
  runNew(); // trailing note on new
  /* keep me */
  done();
  // final comment
}

declare function runNew(): void;
declare function runOld(): void;
declare function done(): void;
