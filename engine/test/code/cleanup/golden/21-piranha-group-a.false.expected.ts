import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

// Simple flag cleanup in conditional
f2();
f1();
if (f1()) {
  f1();
} else {
  f2();
}
// Complex cleanup
var c = f1();
// Literal conversion
console.log(false);
console.log(c);

declare function f1(): boolean;
declare function f2(): boolean;
declare function f3(): boolean;
declare function f4(): boolean;
