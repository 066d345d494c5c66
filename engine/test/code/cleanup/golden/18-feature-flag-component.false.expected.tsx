import { OldCheckout } from './checkout-views';

export function Page(): JSX.Element {
  return (
    <main>
      <OldCheckout />
      <OldCheckout />
    </main>
  );
}
