import { CHECK_DEFINITIONS, CHECK_IDS, getCheckDefinition } from './checks';
import { SEVERITIES } from './types';

describe('check catalogue', () => {
  it('finds definitions by id', () => {
    expect(getCheckDefinition(CHECK_IDS.privilegedContainer)).toMatchObject({
      id: 'privileged-container',
      category: 'privilege',
      severity: 'critical',
    });
    expect(getCheckDefinition('no-such-check')).toBeUndefined();
  });

  it('has one definition per id in CHECK_IDS, and nothing else', () => {
    expect(CHECK_DEFINITIONS.map(d => d.id).sort()).toEqual(
      Object.values(CHECK_IDS).sort(),
    );
    expect(CHECK_DEFINITIONS.length).toBeGreaterThanOrEqual(50);
  });

  it('cannot be changed at runtime', () => {
    expect(Object.isFrozen(CHECK_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(CHECK_IDS)).toBe(true);
  });

  it('uses known severities and the check ids the scoring tests use', () => {
    for (const d of CHECK_DEFINITIONS) expect(SEVERITIES).toContain(d.severity);
    expect(getCheckDefinition('cpu-limits-missing')).toBeDefined();
  });
});
