import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();
const isFlagTreated = (key: string) => client.getBooleanValue(key, false);
const isToggleDisabled = (key: string) => !client.getBooleanValue(key, false);

// Simple flag cleanup in conditional
if (isFlagTreated('new-checkout')) {
  f1();
} else {
  f2();
}
// Assignment cleanup
var a = isToggleDisabled('new-checkout');
if (a) {
  f1();
} else {
  f2();
}
// function cleanup
function b() {
  return isFlagTreated('new-checkout');
}
if (b() || f1()) {
  f1();
} else {
  f2();
}
// Complex cleanup
var c = isToggleDisabled('new-checkout') ? f1() : isToggleDisabled('new-checkout') ? f2() : isFlagTreated('new-checkout') ? f3() : f4();
// Literal conversion
console.log(isFlagTreated('new-checkout'));
console.log(c);

declare function f1(): boolean;
declare function f2(): boolean;
declare function f3(): boolean;
declare function f4(): boolean;
