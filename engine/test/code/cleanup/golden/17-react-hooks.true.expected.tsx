import { NewBanner, Promo } from './banners';

export function Header(): JSX.Element {
  return (
    <header>
      <NewBanner />
      <NewBanner size="large" />
      <div className="new">
        <NewBanner />
      </div>
      <Promo enabled={true} title="promo" />
    </header>
  );
}
