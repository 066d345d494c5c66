// key: feature-one
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();
const isToggleDisabled = (key: string) => !client.getBooleanValue(key, false);

const b = isToggleDisabled('feature-two');
if (!false && isToggleDisabled('feature-two')) {
  // This is the first comment
  console.log('New feature featureTwo is running');
} else {
  // This is another comment
  console.log('Old feature oldFeat2 is running');
}
// This is the third comment
console.log('Old feature oldFeat1 is running');
if (!!isToggleDisabled('feature-two')) {
  // This is the fourth comment
  console.log('New Feature featureTwo is running');
} else {
  // This is the fifth comment
  console.log('Old Feature oldFeat2 is running');
}
if (true) {
  f();
} else {
  g();
}
// This is the sixth comment
console.log(true, true, b);

declare function f(): void;
declare function g(): void;
