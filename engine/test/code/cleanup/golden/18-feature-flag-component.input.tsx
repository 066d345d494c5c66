import { FeatureFlag } from '@openfeature/react-sdk';
import { NewCheckout, OldCheckout, Tip } from './checkout-views';

export function Page(): JSX.Element {
  return (
    <main>
      <FeatureFlag flagKey="new-checkout" defaultValue={false} fallback={<OldCheckout />}>
        <NewCheckout />
      </FeatureFlag>
      <FeatureFlag flagKey="new-checkout" defaultValue={false}>
        <Tip />
        <NewCheckout />
      </FeatureFlag>
      <FeatureFlag flagKey="new-checkout" matchValue={false} defaultValue={false}>
        <OldCheckout />
      </FeatureFlag>
    </main>
  );
}
