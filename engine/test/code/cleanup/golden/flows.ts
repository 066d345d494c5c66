export const newFlow = () => 'new';
export const oldFlow = () => 'old';
export const shared = () => undefined;
