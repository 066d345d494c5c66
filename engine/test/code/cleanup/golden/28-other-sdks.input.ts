import * as LaunchDarkly from '@launchdarkly/node-server-sdk';
import { initialize } from 'unleash-client';

const ld = LaunchDarkly.init('sdk-key');
const unleash = initialize({ url: 'http://unleash', appName: 'shop' });

export async function route(user: LaunchDarkly.LDContext): Promise<string> {
  const viaLd = await ld.variation('new-checkout', user, false);
  if (!viaLd) {
    return 'legacy';
  }
  return unleash.isEnabled('new-checkout') ? 'unleash-new' : 'unleash-old';
}
