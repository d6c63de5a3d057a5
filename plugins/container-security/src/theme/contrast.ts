import {
  darken,
  getContrastRatio,
  getLuminance,
  lighten,
} from '@material-ui/core/styles';

/** WCAG 2.1 AA minimum contrast for normal-size text. */
export const AA_CONTRAST = 4.5;

// Below this relative luminance white contrasts more than black does (WCAG formula).
const isDark = (color: string) => getLuminance(color) < 0.179;

/**
 * The colour, darkened on a light background or lightened on a dark one in small steps
 * until it reaches the contrast ratio against that background. Keeps the theme's hue.
 */
export function withContrast(
  color: string,
  background: string,
  ratio: number = AA_CONTRAST,
): string {
  const dark = isDark(background);
  let c = color;
  for (let step = 0; step < 40; step++) {
    if (getContrastRatio(c, background) >= ratio) return c;
    c = dark ? lighten(c, 0.08) : darken(c, 0.08);
  }
  return c;
}

/**
 * The theme's white or black, whichever reads better on the colour (at least 4.58:1 one
 * way or the other).
 */
export function textOn(
  color: string,
  common: { white: string; black: string },
): string {
  return getContrastRatio(color, common.white) >=
    getContrastRatio(color, common.black)
    ? common.white
    : common.black;
}
