import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { gzipSync } from 'zlib';
import {
  CloudTrailLogFileSource,
  parseLogFile,
} from './CloudTrailLogFileSource';
import { FolderLogFileStore, S3LogFileStore } from './logFileStores';
import { memorySink } from './__testUtils__/memorySink';
import { roleCall } from './__testUtils__/records';

const ACCOUNT = '111122223333';
const prefix = (region: string) => `AWSLogs/${ACCOUNT}/CloudTrail/${region}/`;
const logFile = (ids: number[]) =>
  gzipSync(JSON.stringify({ Records: ids.map(i => roleCall(i)) }));

describe('CloudTrailLogFileSource', () => {
  describe('from S3 (aws-sdk-client-mock)', () => {
    const s3 = mockClient(S3Client);
    afterEach(() => s3.reset());

    // The part of the SDK's streaming body the store uses.
    const body = (content: Buffer) => ({
      Body: {
        transformToByteArray: async () => new Uint8Array(content),
      } as any,
    });

    it('lists accounts and regions, pages keys after the checkpoint and reads gzip files', async () => {
      const files: Record<string, Buffer> = {
        [`${prefix('eu-west-1')}2026/11/20/a.json.gz`]: logFile([1, 2]),
        [`${prefix('eu-west-1')}2026/11/21/b.json.gz`]: logFile([3]),
        [`${prefix('eu-west-1')}2026/11/22/c.json.gz`]: logFile([4, 5]),
      };
      s3.on(ListObjectsV2Command, {
        Delimiter: '/',
        Prefix: 'AWSLogs/',
      }).resolves({
        CommonPrefixes: [
          { Prefix: `AWSLogs/${ACCOUNT}/` },
          { Prefix: 'AWSLogs/o-123/' },
        ],
      });
      s3.on(ListObjectsV2Command, {
        Delimiter: '/',
        Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/`,
      }).resolves({ CommonPrefixes: [{ Prefix: prefix('eu-west-1') }] });
      // Two pages: the second continues by token.
      s3.on(ListObjectsV2Command, {
        Prefix: prefix('eu-west-1'),
        StartAfter: undefined,
      }).resolves({
        Contents: Object.keys(files)
          .slice(0, 2)
          .map(Key => ({ Key })),
        IsTruncated: true,
        NextContinuationToken: 'next',
      });
      s3.on(ListObjectsV2Command, {
        Prefix: prefix('eu-west-1'),
        ContinuationToken: 'next',
      }).resolves({
        Contents: [{ Key: Object.keys(files)[2] }],
        IsTruncated: false,
      });
      s3.on(ListObjectsV2Command, {
        Prefix: prefix('eu-west-1'),
        StartAfter: Object.keys(files)[2],
      }).resolves({ Contents: [], IsTruncated: false });
      for (const [Key, content] of Object.entries(files)) {
        s3.on(GetObjectCommand, { Bucket: 'trail-bucket', Key }).callsFake(() =>
          body(content),
        );
      }

      const source = new CloudTrailLogFileSource({
        name: 'org',
        store: new S3LogFileStore(
          new S3Client({ region: 'eu-west-1' }),
          'trail-bucket',
        ),
        logger: mockServices.logger.mock(),
      });
      const { sink, records, checkpoints, statuses } = memorySink();
      await source.sync(sink);
      expect(source.id).toBe('cloudtrail-logs:org');
      expect([...records.keys()].sort()).toEqual([
        'evt-000001',
        'evt-000002',
        'evt-000003',
        'evt-000004',
        'evt-000005',
      ]);
      expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(
        Object.keys(files)[2],
      );
      expect(statuses.get(`${ACCOUNT}/eu-west-1`)?.status).toBe('ok');
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(3);

      // The next run starts after the checkpoint and reads nothing again.
      await source.sync(sink);
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(3);
    });

    it('keeps the checkpoint before a file that cannot be read and reports the region', async () => {
      s3.on(ListObjectsV2Command, {
        Delimiter: '/',
        Prefix: 'AWSLogs/',
      }).resolves({
        CommonPrefixes: [{ Prefix: `AWSLogs/${ACCOUNT}/` }],
      });
      s3.on(ListObjectsV2Command, {
        Delimiter: '/',
        Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/`,
      }).resolves({
        CommonPrefixes: [
          { Prefix: prefix('eu-west-1') },
          { Prefix: prefix('us-east-1') },
        ],
      });
      s3.on(ListObjectsV2Command, { Prefix: prefix('eu-west-1') }).resolves({
        Contents: [
          { Key: `${prefix('eu-west-1')}a.json.gz` },
          { Key: `${prefix('eu-west-1')}b.json.gz` },
        ],
      });
      s3.on(ListObjectsV2Command, { Prefix: prefix('us-east-1') }).resolves({
        Contents: [{ Key: `${prefix('us-east-1')}a.json.gz` }],
      });
      s3.on(GetObjectCommand, {
        Key: `${prefix('eu-west-1')}a.json.gz`,
      }).callsFake(() => body(logFile([1])));
      const denied = Object.assign(new Error('Access Denied'), {
        name: 'AccessDenied',
      });
      s3.on(GetObjectCommand, {
        Key: `${prefix('eu-west-1')}b.json.gz`,
      }).rejects(denied);
      s3.on(GetObjectCommand, {
        Key: `${prefix('us-east-1')}a.json.gz`,
      }).callsFake(() => body(logFile([7])));

      const source = new CloudTrailLogFileSource({
        name: 'org',
        store: new S3LogFileStore(
          new S3Client({ region: 'eu-west-1' }),
          'trail-bucket',
        ),
        logger: mockServices.logger.mock(),
      });
      const { sink, records, checkpoints, statuses } = memorySink();
      await source.sync(sink);
      expect([...records.keys()].sort()).toEqual(['evt-000001', 'evt-000007']);
      expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(
        `${prefix('eu-west-1')}a.json.gz`,
      );
      expect(statuses.get(`${ACCOUNT}/eu-west-1`)).toMatchObject({
        status: 'access-denied',
        message: expect.stringContaining('s3://trail-bucket'),
      });
      expect(statuses.get(`${ACCOUNT}/us-east-1`)?.status).toBe('ok');
    });
  });

  describe('from a folder', () => {
    const dir = createMockDirectory();

    it('reads the S3 layout from disk, gzip or plain, in key order', async () => {
      dir.setContent({
        [`${prefix('eu-west-1')}2026/11/20/a.json.gz`]: logFile([1]),
        [`${prefix('eu-west-1')}2026/11/21/b.json`]: JSON.stringify({
          Records: [roleCall(2)],
        }),
        [`${prefix('eu-west-1')}README.txt`]: 'not a log file',
        'AWSLogs/not-an-account/CloudTrail/eu-west-1/x.json': '{}',
      });
      const source = new CloudTrailLogFileSource({
        name: 'demo',
        store: new FolderLogFileStore(dir.path),
        logger: mockServices.logger.mock(),
      });
      const { sink, records, checkpoints, log } = memorySink();
      await source.sync(sink);
      expect([...records.keys()]).toEqual(['evt-000001', 'evt-000002']);
      expect(checkpoints.get(`${ACCOUNT}/eu-west-1`)).toBe(
        `${prefix('eu-west-1')}2026/11/21/b.json`,
      );
      log.length = 0;
      await source.sync(sink);
      expect(log).toEqual([]);
    });

    it('refuses a file that is not a CloudTrail log', () => {
      expect(() => parseLogFile(Buffer.from('{"foo":1}'))).toThrow(
        'no Records array',
      );
      expect(parseLogFile(gzipSync('{"Records":[]}'))).toEqual([]);
    });
  });
});
