import { WORKLOAD_SYNC_SIGNAL_CHANNEL } from '@containersec/plugin-container-security-common';
import { publishWorkloadSynced } from './publishWorkloadSynced';

describe('publishWorkloadSynced', () => {
  it('broadcasts when the sync finished on the workload-sync channel, and nothing else', async () => {
    const publish = jest.fn().mockResolvedValue(undefined);
    await publishWorkloadSynced(
      { publish },
      new Date('2026-12-07T05:00:00.000Z'),
    );
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: WORKLOAD_SYNC_SIGNAL_CHANNEL,
      message: {
        type: 'workload-sync',
        finishedAt: '2026-12-07T05:00:00.000Z',
      },
    });
  });
});
