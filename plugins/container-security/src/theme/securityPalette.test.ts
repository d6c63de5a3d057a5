import { darkTheme, lightTheme } from '@backstage/theme';
import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { AA_CONTRAST, withContrast } from './contrast';
import { securityPaletteOf } from './securityPalette';

describe.each([
  ['light', lightTheme],
  ['dark', darkTheme],
])('the security palette on the Backstage %s theme', (_name, theme) => {
  const palette = securityPaletteOf(theme);
  const backgrounds = [
    theme.palette.background.default,
    theme.palette.background.paper,
  ];
  const named: Array<[string, string]> = [
    ...Object.entries(palette.severity).map(
      ([k, c]) => [`severity ${k}`, c] as [string, string],
    ),
    ...Object.entries(palette.grade).map(
      ([k, c]) => [`grade ${k}`, c] as [string, string],
    ),
    ...Object.entries(palette.priority).map(
      ([k, c]) => [`priority ${k}`, c] as [string, string],
    ),
    ...palette.series.map((c, i) => [`series ${i}`, c] as [string, string]),
    ['good', palette.good],
    ['bad', palette.bad],
  ];

  it.each(named)(
    '%s reads at AA contrast on the page and paper backgrounds',
    (_label, color) => {
      for (const bg of backgrounds) {
        expect(getContrastRatio(color, bg)).toBeGreaterThanOrEqual(AA_CONTRAST);
      }
    },
  );

  it.each(named)('text on a %s chip reads at AA contrast', (_label, color) => {
    expect(
      getContrastRatio(palette.textOn(color), color),
    ).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('keeps the severities apart', () => {
    const { critical, high, medium, low } = palette.severity;
    expect(new Set([critical, high, medium, low]).size).toBe(4);
  });
});

describe('withContrast', () => {
  it('leaves a colour that already reads alone', () => {
    expect(withContrast('#000000', '#ffffff')).toBe('#000000');
  });

  it('darkens a pale colour on white and lightens a dark one on black', () => {
    const onWhite = withContrast('#ffeb3b', '#ffffff');
    expect(getContrastRatio(onWhite, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    const onBlack = withContrast('#0d47a1', '#000000');
    expect(getContrastRatio(onBlack, '#000000')).toBeGreaterThanOrEqual(4.5);
  });

  it('follows the theme: a custom theme gets its own error colour adjusted', () => {
    const custom = createTheme({ palette: { error: { main: '#ff80ab' } } });
    const palette = securityPaletteOf(custom);
    expect(palette.priority.Critical).not.toBe(
      securityPaletteOf(lightTheme).priority.Critical,
    );
  });
});
