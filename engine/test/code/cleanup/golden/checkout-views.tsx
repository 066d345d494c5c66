export const NewCheckout = () => null;
export const OldCheckout = () => null;
export const Tip = () => null;
