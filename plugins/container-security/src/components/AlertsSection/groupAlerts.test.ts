import { FalcoAlertSummary } from '@containersec/plugin-container-security-common';
import { groupAlerts, outputTemplate } from './groupAlerts';

const alert = (
  id: string,
  overrides: Partial<FalcoAlertSummary> = {},
): FalcoAlertSummary =>
  ({
    id,
    time: `2026-12-07T05:00:0${id}.000Z`,
    rule: 'Terminal shell in container',
    priority: 'Notice',
    tags: [],
    namespace: 'payments',
    pod: 'payments-api-1',
    workload: { kind: 'Deployment', name: 'payments-api' },
    output: `05:00:0${id}.123: Notice A shell was spawned (user=root pid=42${id} container=app)`,
    status: 'open',
    ...overrides,
  } as FalcoAlertSummary);

describe('groupAlerts', () => {
  it('drops the timestamp, values and numbers from an output line', () => {
    expect(
      outputTemplate(
        '05:00:01.123: Notice A shell was spawned (user=root pid=4242 cmd="bash -i")',
      ),
    ).toBe('Notice A shell was spawned (user=… pid=… cmd=…)');
  });

  it('groups the same rule, workload and output template with a count, newest first', () => {
    const groups = groupAlerts([
      alert('3'),
      alert('2'),
      alert('1', { rule: 'Read sensitive file' }),
      alert('0'),
    ]);
    expect(groups.map(g => [g.newest.id, g.count])).toEqual([
      ['3', 3],
      ['1', 1],
    ]);
    expect(groups[0].oldestTime).toBe('2026-12-07T05:00:00.000Z');
  });

  it('keeps other workloads and other outputs apart', () => {
    const groups = groupAlerts([
      alert('1'),
      alert('2', { workload: { kind: 'Deployment', name: 'worker' } as any }),
      alert('3', { output: 'Notice Something else entirely (user=root)' }),
    ]);
    expect(groups).toHaveLength(3);
  });
});
