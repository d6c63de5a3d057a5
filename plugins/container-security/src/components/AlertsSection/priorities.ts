import {
  FALCO_PRIORITIES,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';

/** Priorities from least to most severe, the stacking order of histogram bars. */
export const PRIORITIES_BOTTOM_UP: FalcoPriority[] = [
  ...FALCO_PRIORITIES,
].reverse();
