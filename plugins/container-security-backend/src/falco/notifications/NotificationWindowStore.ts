/** One ended window with alerts held back for its digest. */
export interface DueDigest {
  entityRef: string;
  rule: string;
  windowStart: number;
  windowEnd: number;
  suppressedCount: number;
  /** falcoPriorityRank of the most severe held-back alert. */
  maxPriorityRank: number;
}

/**
 * Rate-limit state of alert notifications, in the database so that every replica sees
 * the same windows and exactly one sends each notification.
 */
export interface NotificationWindowStore {
  /**
   * Counts `count` alerts of a rule for an entity into the window. Resolves `first: true`
   * for exactly one caller across replicas (the one that opened the window, which sends
   * the immediate notification and counts its other `count - 1` alerts as held back).
   */
  record(options: {
    entityRef: string;
    rule: string;
    windowStart: number;
    windowEnd: number;
    count: number;
    maxPriorityRank: number;
  }): Promise<{ first: boolean }>;

  /** Windows ended by `nowMs` with held-back alerts and no digest sent yet. */
  listDue(nowMs: number, limit?: number): Promise<DueDigest[]>;

  /** Claims the digest of a window; true for exactly one caller. */
  claimDigest(
    window: { entityRef: string; rule: string; windowStart: number },
    nowMs: number,
  ): Promise<boolean>;

  /** Forgets windows that ended before `beforeMs`. */
  deleteEndedBefore(beforeMs: number): Promise<number>;
}
