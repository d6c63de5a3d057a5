import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityScorecardResponse,
  ScorecardsResponse,
} from '@containersec/plugin-container-security-common';
import { PostureStore } from '../posture';
import { buildScorecards, rollUp, toEntry } from './buildScorecards';
import { ScorecardConfig } from './config';

const HISTORY_DAYS = 14;

/** Serves scorecards from stored snapshots; it never scans on request. */
export class ScorecardService {
  constructor(
    private readonly deps: { store: PostureStore; config: ScorecardConfig },
  ) {}

  async getScorecards(filter: {
    owner?: string;
    system?: string;
    domain?: string;
    kind?: string;
  }): Promise<ScorecardsResponse> {
    const { store, config } = this.deps;
    const [latest, history] = await Promise.all([
      store.listLatest(),
      // Campaign history is the only reader of past snapshots.
      config.campaigns.length
        ? store.listSnapshotsSince(
            new Date(Date.now() - HISTORY_DAYS * 86_400_000),
          )
        : Promise.resolve([]),
    ]);
    return buildScorecards(latest, history, config, filter);
  }

  /**
   * A service's own entry; for systems, domains and groups the roll-up of the services
   * they hold or own.
   */
  async getEntityScorecard(entity: Entity): Promise<EntityScorecardResponse> {
    const entityRef = stringifyEntityRef(entity);
    const field: Record<string, 'system' | 'domain' | 'owner' | undefined> = {
      system: 'system',
      domain: 'domain',
      group: 'owner',
    };
    const key = field[entity.kind.toLocaleLowerCase('en-US')];
    const entries = (await this.deps.store.listLatest())
      .map(s => toEntry(s, this.deps.config))
      .filter(e => (key ? e[key] === entityRef : e.entityRef === entityRef));
    if (entries.length === 0) return { entityRef, entries };
    const group = rollUp(entityRef, entries);
    return { entityRef, score: group.score, grade: group.grade, entries };
  }
}
