import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityScorecardResponse,
  ScorecardsResponse,
} from '@containersec/plugin-container-security-common';
import { PostureStore } from '../posture';
import { buildScorecards, rollUp, toEntry } from './buildScorecards';
import { ScorecardConfig } from './config';
import { entityScope, excludedComponents, ScopeCatalog } from './entityScope';

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
   * they hold or own. A group's roll-up takes in its sub-groups' services too. With a
   * catalog (read with the caller's credentials), the answer names the sub-groups and the
   * services left out of the roll-up, and why.
   */
  async getEntityScorecard(
    entity: Entity,
    catalog?: ScopeCatalog,
  ): Promise<EntityScorecardResponse> {
    const entityRef = stringifyEntityRef(entity);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    const field: Record<string, 'system' | 'domain' | 'owner' | undefined> = {
      system: 'system',
      domain: 'domain',
      group: 'owner',
    };
    const key = field[kind];
    const scope =
      key && catalog ? await entityScope(entity, catalog) : undefined;
    const owners = scope?.owners ?? new Set([entityRef]);
    const entries = (await this.deps.store.listLatest())
      .map(s => toEntry(s, this.deps.config))
      .filter(e => {
        if (!key) return e.entityRef === entityRef;
        const value = e[key];
        return key === 'owner'
          ? !!value && owners.has(value)
          : value === entityRef;
      });
    const extra: Partial<EntityScorecardResponse> = {};
    if (scope && catalog) {
      if (scope.subGroups.length) extra.subGroups = scope.subGroups;
      extra.excluded = await excludedComponents(
        scope.components,
        new Set(entries.map(e => e.entityRef)),
        catalog,
      );
    }
    if (entries.length === 0) return { entityRef, entries, ...extra };
    const group = rollUp(entityRef, entries);
    return {
      entityRef,
      score: group.score,
      grade: group.grade,
      entries,
      ...extra,
    };
  }
}
