import { OldBanner, Promo } from './banners';

export function Header(): JSX.Element {
  return (
    <header>
      <OldBanner />
      <OldBanner />
      <Promo enabled={false} title="promo" />
    </header>
  );
}
