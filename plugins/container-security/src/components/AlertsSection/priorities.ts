import {
  FALCO_PRIORITIES,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';

/** One colour per Falco priority, from red (Emergency) to grey (Debug). */
export const PRIORITY_COLORS: Record<FalcoPriority, string> = {
  Emergency: '#4a0000',
  Alert: '#8b0000',
  Critical: '#c62828',
  Error: '#ef6c00',
  Warning: '#f9a825',
  Notice: '#1565c0',
  Informational: '#00838f',
  Debug: '#757575',
};

/** Priorities from least to most severe, the stacking order of histogram bars. */
export const PRIORITIES_BOTTOM_UP: FalcoPriority[] = [
  ...FALCO_PRIORITIES,
].reverse();

/** A palette for series without their own colours (rules, services). */
export const SERIES_COLORS = [
  '#1565c0',
  '#c62828',
  '#2e7d32',
  '#ef6c00',
  '#6a1b9a',
  '#00838f',
  '#ad1457',
  '#5d4037',
  '#9e9d24',
  '#455a64',
];
