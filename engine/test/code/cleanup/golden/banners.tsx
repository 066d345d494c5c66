export const NewBanner = (_: { size?: string }) => null;
export const OldBanner = () => null;
export const Promo = (_: { enabled: boolean; title: string }) => null;
