import { useFlag } from '@openfeature/react-sdk';
import { useFlags } from 'launchdarkly-react-client-sdk';
import { NewCart, OldCart } from './checkout-views';

export function Cart(): JSX.Element {
  const { newCheckout, darkMode } = useFlags();
  const { value: fast } = useFlag('new-checkout', false);
  return (
    <section className={darkMode ? 'dark' : 'light'}>
      {newCheckout ? <NewCart /> : <OldCart />}
      {fast && <span>fast</span>}
    </section>
  );
}
