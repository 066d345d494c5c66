export const modernTheme = 'modern';
export default 'legacy';
