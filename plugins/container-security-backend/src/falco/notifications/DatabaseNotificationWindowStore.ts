import { Knex } from 'knex';
import { DueDigest, NotificationWindowStore } from './NotificationWindowStore';

const TABLE = 'container_security_falco_notification_windows';

/** `NotificationWindowStore` on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseNotificationWindowStore
  implements NotificationWindowStore
{
  static create(db: Knex): DatabaseNotificationWindowStore {
    return new DatabaseNotificationWindowStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async record(options: {
    entityRef: string;
    rule: string;
    windowStart: number;
    windowEnd: number;
    count: number;
    maxPriorityRank: number;
  }): Promise<{ first: boolean }> {
    const key = {
      entity_ref: options.entityRef,
      rule: options.rule,
      window_start: options.windowStart,
    };
    // The insert decides who opened the window: the database lets exactly one win.
    const inserted = await this.db(TABLE)
      .insert({
        ...key,
        window_end: options.windowEnd,
        suppressed_count: options.count - 1,
        max_priority: options.maxPriorityRank,
      })
      .onConflict(['entity_ref', 'rule', 'window_start'])
      .ignore()
      .returning('entity_ref');
    if (inserted.length > 0) return { first: true };
    await this.db(TABLE)
      .where(key)
      .update({
        suppressed_count: this.db.raw('suppressed_count + ?', [options.count]),
        max_priority: this.db.raw(
          'CASE WHEN max_priority < ? THEN ? ELSE max_priority END',
          [options.maxPriorityRank, options.maxPriorityRank],
        ),
      });
    return { first: false };
  }

  async listDue(nowMs: number, limit = 100): Promise<DueDigest[]> {
    const rows = await this.db(TABLE)
      .whereNull('digest_sent_at')
      .where('window_end', '<=', nowMs)
      .where('suppressed_count', '>', 0)
      .orderBy('window_end')
      .limit(limit);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      rule: r.rule,
      windowStart: Number(r.window_start),
      windowEnd: Number(r.window_end),
      suppressedCount: Number(r.suppressed_count),
      maxPriorityRank: Number(r.max_priority),
    }));
  }

  async claimDigest(
    window: { entityRef: string; rule: string; windowStart: number },
    nowMs: number,
  ): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({
        entity_ref: window.entityRef,
        rule: window.rule,
        window_start: window.windowStart,
      })
      .whereNull('digest_sent_at')
      .update({ digest_sent_at: nowMs });
    return updated === 1;
  }

  async deleteEndedBefore(beforeMs: number): Promise<number> {
    return this.db(TABLE).where('window_end', '<', beforeMs).delete();
  }
}
