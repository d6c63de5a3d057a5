import { ConfigReader } from '@backstage/config';
import { LatestSnapshot } from '../posture';
import { buildScorecards, levelOf } from './buildScorecards';
import { DEFAULT_LEVELS, readScorecardConfig } from './config';

const counts = (critical = 0) => ({
  critical,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
});

const snap = (
  over: Partial<LatestSnapshot> & { entityRef: string },
): LatestSnapshot => ({
  kind: 'Component',
  takenAt: '2026-11-22T00:00:00.000Z',
  score: 90,
  grade: 'A',
  counts: counts(),
  workloadCount: 1,
  failingChecks: [],
  ...over,
});

const levels = [
  { name: 'Bronze', checks: ['privileged-container'] },
  { name: 'Silver', checks: ['run-as-root-allowed'] },
  { name: 'Gold', checks: ['cpu-limits-missing'] },
];
const config = {
  levels,
  campaigns: [],
  impactByLifecycle: { production: 'high' as const },
};

describe('levelOf', () => {
  it('reaches a level only when it and every level below pass', () => {
    expect(levelOf([], levels)).toBe('Gold');
    expect(levelOf(['cpu-limits-missing'], levels)).toBe('Silver');
    expect(levelOf(['run-as-root-allowed'], levels)).toBe('Bronze');
    // failing Bronze means no level, even if higher levels' checks pass
    expect(levelOf(['privileged-container'], levels)).toBeUndefined();
  });

  it('stops at the first level whose minimum grade is not met', () => {
    const graded = [
      { name: 'Bronze', checks: [], minGrade: 'D' as const },
      { name: 'Silver', checks: [], minGrade: 'C' as const },
      { name: 'Gold', checks: [], minGrade: 'B' as const },
    ];
    expect(levelOf([], graded, 'F')).toBeUndefined();
    expect(levelOf([], graded, 'D')).toBe('Bronze');
    expect(levelOf([], graded, 'C')).toBe('Silver');
    expect(levelOf([], graded, 'A')).toBe('Gold');
  });

  it('derives the default levels from check severities', () => {
    expect(DEFAULT_LEVELS.map(l => l.name)).toEqual([
      'Bronze',
      'Silver',
      'Gold',
    ]);
    expect(DEFAULT_LEVELS[0].checks).toContain('privileged-container');
    expect(DEFAULT_LEVELS[0].checks).not.toContain('cpu-limits-missing');
  });
});

describe('buildScorecards', () => {
  const latest = [
    snap({
      entityRef: 'component:default/a',
      owner: 'group:default/t1',
      system: 'system:default/s',
      domain: 'domain:default/d',
      score: 100,
      grade: 'A',
      lifecycle: 'production',
      previousScore: 80,
    }),
    snap({
      entityRef: 'component:default/b',
      owner: 'group:default/t1',
      system: 'system:default/s',
      score: 50,
      grade: 'F',
      counts: counts(2),
      failingChecks: ['privileged-container', 'cpu-limits-missing'],
    }),
    snap({
      entityRef: 'component:default/c',
      owner: 'group:default/t2',
      score: 75,
      grade: 'C',
      failingChecks: ['cpu-limits-missing'],
    }),
  ];

  it('distributes grades, finds the common failing checks and levels', () => {
    const out = buildScorecards(latest, [], config);
    expect(out.gradeDistribution).toEqual({ A: 1, B: 0, C: 1, D: 0, F: 1 });
    expect(out.topFailingChecks).toEqual([
      { checkId: 'cpu-limits-missing', entities: 2 },
      { checkId: 'privileged-container', entities: 1 },
    ]);
    expect(out.entries.map(e => e.level)).toEqual([
      'Gold',
      undefined,
      'Silver',
    ]);
    // b reaches no level: counted as such, so the counts add up to the entities.
    expect(out.levels).toEqual([
      { name: 'No level', entities: 1 },
      { name: 'Bronze', entities: 0 },
      { name: 'Silver', entities: 1 },
      { name: 'Gold', entities: 1 },
    ]);
    expect(out.levels.reduce((n, l) => n + l.entities, 0)).toBe(
      out.entries.length,
    );
  });

  it('never gives an F a level, whatever checks fail (default levels)', () => {
    const out = buildScorecards(
      [
        snap({
          entityRef: 'component:default/cart-service',
          score: 41,
          grade: 'F',
          // Many high failures, no critical one: Bronze by checks alone.
          failingChecks: ['run-as-root-allowed', 'host-port'],
        }),
      ],
      [],
      { ...config, levels: DEFAULT_LEVELS },
    );
    expect(out.entries[0].level).toBeUndefined();
    expect(out.levels[0]).toEqual({ name: 'No level', entities: 1 });
  });

  it('rolls up by owner, system and domain, worst first', () => {
    const out = buildScorecards(latest, [], config);
    expect(
      out.groups.owner.map(g => [g.ref, g.score, g.grade, g.entityCount]),
    ).toEqual([
      // equal scores fall back to the ref order
      ['group:default/t1', 75, 'C', 2],
      ['group:default/t2', 75, 'C', 1],
    ]);
    expect(out.groups.system[0]).toMatchObject({
      ref: 'system:default/s',
      entityCount: 2,
      counts: counts(2),
    });
    expect(out.groups.domain.map(g => g.ref)).toEqual(['domain:default/d']);
  });

  it('judges likelihood from the posture and impact from the lifecycle', () => {
    const out = buildScorecards(latest, [], config);
    expect(out.entries.map(e => e.risk)).toEqual([
      { likelihood: 'low', impact: 'high' },
      { likelihood: 'high', impact: 'medium' },
      { likelihood: 'medium', impact: 'medium' },
    ]);
  });

  it('filters by owner and system', () => {
    expect(
      buildScorecards(latest, [], config, {
        owner: 'group:default/t2',
      }).entries.map(e => e.entityRef),
    ).toEqual(['component:default/c']);
    expect(
      buildScorecards(latest, [], config, { system: 'system:default/s' })
        .entries,
    ).toHaveLength(2);
  });

  it('tracks campaign progress, shortfall and daily history', () => {
    const campaign = {
      id: 'silver-by-q1',
      title: 'Silver by Q1',
      owner: 'group:default/security-team',
      deadline: '2027-03-31',
      goal: { level: 'Silver' },
      owners: ['group:default/t1'],
    };
    const history = [
      {
        entityRef: 'component:default/a',
        takenAt: '2026-11-20T10:00:00.000Z',
        score: 60,
        failingChecks: ['run-as-root-allowed'],
      },
      {
        entityRef: 'component:default/b',
        takenAt: '2026-11-20T10:00:00.000Z',
        score: 50,
        failingChecks: ['privileged-container'],
      },
      {
        entityRef: 'component:default/c',
        takenAt: '2026-11-20T10:00:00.000Z',
        score: 90,
        failingChecks: [],
      },
      {
        entityRef: 'component:default/a',
        takenAt: '2026-11-21T10:00:00.000Z',
        score: 100,
        failingChecks: [],
      },
    ];
    const [progress] = buildScorecards(latest, history, {
      ...config,
      campaigns: [campaign],
    }).campaigns;
    expect(progress).toMatchObject({
      id: 'silver-by-q1',
      total: 2,
      met: 1,
      shortfall: ['component:default/b'],
    });
    expect(progress.history).toEqual([
      { date: '2026-11-20', met: 0, total: 2 },
      { date: '2026-11-21', met: 1, total: 2 },
    ]);
  });
});

describe('readScorecardConfig', () => {
  it('reads campaigns and rejects unknown levels and bad dates with the key named', () => {
    const read = (scorecards: object) => () =>
      readScorecardConfig(
        new ConfigReader({ containerSecurity: { scorecards } }),
      );
    expect(
      read({
        campaigns: [
          {
            id: 'x',
            title: 'X',
            owner: 'o',
            deadline: '2027-01-01',
            goal: { level: 'Gold' },
          },
        ],
      })().campaigns,
    ).toHaveLength(1);
    expect(
      read({
        campaigns: [
          {
            id: 'x',
            title: 'X',
            owner: 'o',
            deadline: '2027-01-01',
            goal: { level: 'Platinum' },
          },
        ],
      }),
    ).toThrow(/Unknown level "Platinum"/);
    expect(
      read({
        campaigns: [
          { id: 'x', title: 'X', owner: 'o', deadline: 'soon', goal: {} },
        ],
      }),
    ).toThrow(/expected YYYY-MM-DD/);
    expect(read({ impactByLifecycle: { production: 'extreme' } })).toThrow(
      /impactByLifecycle.production/,
    );
  });
});
