import { NewCheckout, Tip } from './checkout-views';

export function Page(): JSX.Element {
  return (
    <main>
      <NewCheckout />
      <>
        <Tip />
        <NewCheckout />
      </>
    </main>
  );
}
