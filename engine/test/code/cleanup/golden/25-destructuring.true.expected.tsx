import { useFlags } from 'launchdarkly-react-client-sdk';
import { NewCart } from './checkout-views';

export function Cart(): JSX.Element {
  const { darkMode } = useFlags();
  return (
    <section className={darkMode ? 'dark' : 'light'}>
      <NewCart />
      <span>fast</span>
    </section>
  );
}
