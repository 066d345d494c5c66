import { useBooleanFlagValue, useFlag } from '@openfeature/react-sdk';
import { NewBanner, OldBanner, Promo } from './banners';

export function Header(): JSX.Element {
  const showNew = useBooleanFlagValue('new-checkout', false);
  const legacy = !useFlag('new-checkout', false).value;
  return (
    <header>
      {showNew && <NewBanner />}
      {legacy && <OldBanner />}
      {showNew ? <NewBanner size="large" /> : <OldBanner />}
      {showNew ? (
        <div className="new">
          <NewBanner />
        </div>
      ) : null}
      <Promo enabled={showNew} title="promo" />
    </header>
  );
}
