import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

// Simple flag cleanup in conditional
f1();
f2();
f1();
// Complex cleanup
var c = f3();
// Literal conversion
console.log(true);
console.log(c);

declare function f1(): boolean;
declare function f2(): boolean;
declare function f3(): boolean;
declare function f4(): boolean;
