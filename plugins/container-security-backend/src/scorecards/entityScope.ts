import {
  Entity,
  parseEntityRef,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityScorecardResponse,
  isContainerSecurityAvailable,
} from '@containersec/plugin-container-security-common';

/** The catalog reads a roll-up needs, made with the caller's credentials. */
export interface ScopeCatalog {
  getEntitiesByRefs(refs: string[]): Promise<Array<Entity | undefined>>;
}

/** Caps the walk of a group hierarchy, so one request cannot fetch a whole catalog. */
export const MAX_SUB_GROUPS = 500;

const targetsOf = (entity: Entity, type: string, kind: string) =>
  (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .filter(ref => {
      try {
        return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === kind;
      } catch {
        return false;
      }
    });

/**
 * What a roll-up covers: for a group, itself and its sub-groups (breadth first, each with
 * its parent) and the components they own; for a system, its components; for a domain,
 * the components of its systems. Only what the caller may read is returned.
 */
export async function entityScope(
  entity: Entity,
  catalog: ScopeCatalog,
): Promise<{
  owners: Set<string>;
  subGroups: NonNullable<EntityScorecardResponse['subGroups']>;
  components: string[];
}> {
  const entityRef = stringifyEntityRef(entity);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const subGroups: NonNullable<EntityScorecardResponse['subGroups']> = [];
  const owners = new Set([entityRef]);
  if (kind === 'group') {
    const components = new Set(
      targetsOf(entity, RELATION_OWNER_OF, 'component'),
    );
    let frontier: Array<{ ref: string; parent: string }> = targetsOf(
      entity,
      RELATION_PARENT_OF,
      'group',
    ).map(ref => ({ ref, parent: entityRef }));
    while (frontier.length > 0 && subGroups.length < MAX_SUB_GROUPS) {
      const batch = frontier
        .filter(f => !owners.has(f.ref))
        .slice(0, MAX_SUB_GROUPS - subGroups.length);
      const found = await catalog.getEntitiesByRefs(batch.map(f => f.ref));
      const next: typeof frontier = [];
      found.forEach((child, i) => {
        if (!child) return;
        const ref = batch[i].ref;
        if (owners.has(ref)) return;
        owners.add(ref);
        subGroups.push({
          entityRef: ref,
          parentRef: batch[i].parent,
          title: child.metadata.title,
        });
        for (const c of targetsOf(child, RELATION_OWNER_OF, 'component')) {
          components.add(c);
        }
        for (const g of targetsOf(child, RELATION_PARENT_OF, 'group')) {
          next.push({ ref: g, parent: ref });
        }
      });
      frontier = next;
    }
    return { owners, subGroups, components: [...components] };
  }
  if (kind === 'system') {
    return {
      owners,
      subGroups,
      components: targetsOf(entity, RELATION_HAS_PART, 'component'),
    };
  }
  if (kind === 'domain') {
    const systems = targetsOf(entity, RELATION_HAS_PART, 'system');
    const found = systems.length
      ? await catalog.getEntitiesByRefs(systems)
      : [];
    return {
      owners,
      subGroups,
      components: found.flatMap(s =>
        s ? targetsOf(s, RELATION_HAS_PART, 'component') : [],
      ),
    };
  }
  return { owners, subGroups, components: [] };
}

/** The components of a scope that are not in the roll-up, with the reason. */
export async function excludedComponents(
  components: string[],
  included: Set<string>,
  catalog: ScopeCatalog,
): Promise<NonNullable<EntityScorecardResponse['excluded']>> {
  const missing = components.filter(c => !included.has(c)).sort();
  if (missing.length === 0) return [];
  const found = await catalog.getEntitiesByRefs(missing);
  return missing.flatMap((entityRef, i) => {
    const entity = found[i];
    // One the caller may not read stays unmentioned.
    if (!entity) return [];
    return [
      {
        entityRef,
        title: entity.metadata.title,
        reason: isContainerSecurityAvailable(entity)
          ? ('no-workloads' as const)
          : ('no-kubernetes-annotation' as const),
      },
    ];
  });
}
