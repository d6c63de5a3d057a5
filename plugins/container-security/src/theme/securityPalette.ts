import {
  FalcoPriority,
  Grade,
  Severity,
} from '@containersec/plugin-container-security-common';
import {
  alpha,
  darken,
  lighten,
  Theme,
  useTheme,
} from '@material-ui/core/styles';
import { textOn, withContrast } from './contrast';

/** Severities of findings, vulnerabilities and audit events, plus unrated ones. */
export type SeverityLevel = Severity | 'unknown';

/**
 * Every colour the suite draws with, derived from the current theme's palette and
 * adjusted to AA contrast against the page and paper backgrounds of that theme, so the
 * same code reads in the light and the dark theme.
 */
export interface SecurityPalette {
  severity: Record<SeverityLevel, string>;
  grade: Record<Grade, string>;
  priority: Record<FalcoPriority, string>;
  /** For series without colours of their own (rules, services, hint types). */
  series: string[];
  /** Good news (isolated, allowed, improving) and bad news (exposed, denied, worse). */
  good: string;
  bad: string;
  neutral: string;
  /** A colour of the theme's own palette between good and bad, for a middle state. */
  accent: string;
  /** Black or white, whichever reads on a chip of the given colour. */
  textOn(color: string): string;
  /** The style of a filled chip or badge of the given colour. */
  chip(color: string): { backgroundColor: string; color: string };
  /** Heat-map fills from lowest to highest risk (five ranks), and an empty cell. */
  heat: string[];
  emptyCell: string;
  /** A thin border for an empty count. */
  subtleBorder: string;
}

const cache = new WeakMap<Theme, SecurityPalette>();

/** The suite's palette for a theme (computed once per theme object). */
export function securityPaletteOf(theme: Theme): SecurityPalette {
  const cached = cache.get(theme);
  if (cached) return cached;
  const p = theme.palette;
  const backgrounds = [p.background.default, p.background.paper];
  // Both backgrounds sit on the same side (light or dark), so adjusting against one
  // never undoes the other.
  const readable = (color: string) =>
    backgrounds.reduce((c, bg) => withContrast(c, bg), color);
  const dark = p.type === 'dark';
  // Further from the background than `readable` alone: to tell two shades of a hue apart.
  const deeper = (color: string) =>
    readable(dark ? lighten(color, 0.4) : darken(color, 0.35));
  // Backstage themes carry a status palette with a yellow; plain MUI themes do not.
  const yellow =
    (p as Partial<{ status: { pending?: string } }>).status?.pending ??
    p.warning.light;

  const severity: Record<SeverityLevel, string> = {
    critical: readable(p.error.dark),
    high: readable(p.warning.dark),
    medium: readable(yellow),
    low: readable(p.info.main),
    info: readable(p.grey[dark ? 400 : 600]),
    unknown: readable(p.grey[dark ? 400 : 600]),
  };
  const palette: SecurityPalette = {
    severity,
    grade: {
      A: deeper(p.success.dark),
      B: readable(p.success.main),
      C: severity.medium,
      D: severity.high,
      F: severity.critical,
    },
    priority: {
      Emergency: deeper(p.error.dark),
      Alert: severity.critical,
      Critical: readable(p.error.main),
      Error: severity.high,
      Warning: severity.medium,
      Notice: severity.low,
      Informational: readable(p.primary.main),
      Debug: severity.info,
    },
    series: [
      p.primary.main,
      p.error.main,
      p.success.main,
      p.warning.dark,
      p.secondary.main,
      p.info.dark,
      p.error.dark,
      p.grey[700],
      p.success.dark,
      p.info.light,
    ].map(readable),
    good: readable(p.success.dark),
    bad: severity.critical,
    neutral: severity.info,
    accent: readable(p.secondary.main),
    textOn: color => textOn(color, p.common),
    chip: color => ({ backgroundColor: color, color: textOn(color, p.common) }),
    heat: [
      alpha(p.success.main, 0.35),
      alpha(p.success.light, 0.5),
      alpha(p.warning.light, 0.5),
      alpha(p.warning.main, 0.55),
      alpha(p.error.main, 0.5),
    ],
    emptyCell: alpha(p.text.primary, 0.06),
    subtleBorder: alpha(p.text.primary, 0.3),
  };
  cache.set(theme, palette);
  return palette;
}

/** The suite's palette for the current theme. */
export function useSecurityPalette(): SecurityPalette {
  return securityPaletteOf(useTheme());
}
