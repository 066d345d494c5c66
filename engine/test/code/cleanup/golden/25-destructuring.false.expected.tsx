import { useFlags } from 'launchdarkly-react-client-sdk';
import { OldCart } from './checkout-views';

export function Cart(): JSX.Element {
  const { darkMode } = useFlags();
  return (
    <section className={darkMode ? 'dark' : 'light'}>
      <OldCart />
    </section>
  );
}
