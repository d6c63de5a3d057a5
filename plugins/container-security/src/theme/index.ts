export { useSecurityPalette, securityPaletteOf } from './securityPalette';
export type { SecurityPalette, SeverityLevel } from './securityPalette';
export { useFieldLabelStyles } from './useFieldLabelStyles';
