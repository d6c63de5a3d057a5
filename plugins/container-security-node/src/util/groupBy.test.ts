import { groupBy } from './groupBy';

describe('groupBy', () => {
  it('groups in one pass and keeps order within groups', () => {
    const groups = groupBy(['apple', 'bean', 'avocado', 'beet'], s => s[0]);
    expect([...groups.entries()]).toEqual([
      ['a', ['apple', 'avocado']],
      ['b', ['bean', 'beet']],
    ]);
  });
});
