export const CHECKOUT_FLAG = 'new-checkout';
