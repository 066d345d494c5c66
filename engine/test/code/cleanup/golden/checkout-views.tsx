export const NewCheckout = () => null;
export const OldCheckout = () => null;
export const Tip = () => null;
export const NewCart = () => null;
export const OldCart = () => null;
