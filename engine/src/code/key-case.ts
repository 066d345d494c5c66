/**
 * camelCase the way lodash.camelcase (used by LaunchDarkly's React SDK) does for flag keys:
 * `new-checkout_flow.v2` -> `newCheckoutFlowV2`.
 */
export function camelCase(key: string): string {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z\d]+/)
    .filter((w) => w.length > 0);
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}
