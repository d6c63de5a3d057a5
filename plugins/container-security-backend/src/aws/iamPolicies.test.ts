import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The IAM policies in deploy/aws/ (one per AWS feature) against the AWS calls this
 * plugin's code makes: every action a policy grants is a call the code makes, and every
 * call the code makes is granted by one policy. The calls are read from the sources:
 * the `…Command` classes and `paginate…` helpers imported from `@aws-sdk/client-*`, and
 * `fromTemporaryCredentials` (an STS AssumeRole).
 */
const root = path.resolve(__dirname, '../../../..');
const srcDir = path.resolve(__dirname, '..');
const awsDir = path.join(root, 'deploy/aws');

/** IAM service prefix of each SDK client package. */
const PREFIXES: Record<string, string> = {
  'client-cloudtrail': 'cloudtrail',
  'client-cloudwatch': 'cloudwatch',
  'client-inspector2': 'inspector2',
  'client-lambda': 'lambda',
  'client-s3': 's3',
  'client-sts': 'sts',
};
/** SDK operations whose IAM action has another name. */
const ACTION_OF: Record<string, string> = {
  's3:ListObjectsV2': 's3:ListBucket',
  'lambda:Invoke': 'lambda:InvokeFunction',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(p);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [p]
      : [];
  });
}

/** `cloudtrail:LookupEvents` → the files that call it. */
function callsInCode(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (action: string, file: string) => {
    const a = ACTION_OF[action] ?? action;
    calls.set(a, [...(calls.get(a) ?? []), path.relative(srcDir, file)]);
  };
  for (const file of sourceFiles(srcDir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/([\w-]+)'/g,
    )) {
      const names = m[1].split(',').map(n => n.trim().split(/\s+as\s+/)[0]);
      const prefix = PREFIXES[m[2]];
      for (const name of names) {
        if (m[2] === 'credential-providers') {
          if (name === 'fromTemporaryCredentials') add('sts:AssumeRole', file);
          continue;
        }
        if (!prefix) continue;
        const op =
          /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        // Imported and used beyond the import (not only as a type).
        if (op && text.split(name).length > 2) add(`${prefix}:${op}`, file);
      }
    }
  }
  return calls;
}

function readPolicy(file: string) {
  const policy = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(policy.Version).toBe('2012-10-17');
  return policy.Statement as Array<{
    Sid: string;
    Effect: string;
    Action: string[];
    Resource: string | string[];
    Condition?: unknown;
  }>;
}

const policyFiles = fs
  .readdirSync(path.join(awsDir, 'policies'))
  .filter(f => f.endsWith('.json'))
  .map(f => path.join(awsDir, 'policies', f));

describe('the IAM policies in deploy/aws', () => {
  const calls = callsInCode();
  const granted = new Map<string, string>();
  for (const file of policyFiles) {
    for (const statement of readPolicy(file)) {
      for (const action of statement.Action) {
        granted.set(action, path.basename(file));
      }
    }
  }

  it('finds the AWS calls the code makes', () => {
    // A guard against the scan finding nothing (which would make the next tests vacuous).
    expect([...calls.keys()]).toEqual(
      expect.arrayContaining([
        'cloudtrail:LookupEvents',
        's3:GetObject',
        's3:ListBucket',
        'cloudwatch:GetMetricData',
        'inspector2:ListFindings',
        'lambda:InvokeFunction',
        'sts:AssumeRole',
      ]),
    );
  });

  it('grant every call the code makes', () => {
    const missing = [...calls.entries()]
      .filter(([action]) => !granted.has(action))
      .map(([action, files]) => `${action} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('grant nothing the code does not call', () => {
    expect([...granted.keys()].filter(a => !calls.has(a))).toEqual([]);
  });

  it('are one feature per file, allow-only, without wildcard actions', () => {
    for (const file of policyFiles) {
      const statements = readPolicy(file);
      const services = new Set(
        statements.flatMap(s => s.Action.map(a => a.split(':')[0])),
      );
      expect(services.size).toBe(1);
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(s.Action.join(',')).not.toContain('*');
        expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      }
    }
  });

  it('scope the actions that support resources to them', () => {
    const resourcesOf = (action: string) =>
      policyFiles
        .flatMap(readPolicy)
        .filter(s => s.Action.includes(action))
        .flatMap(s => [s.Resource].flat());
    expect(resourcesOf('s3:GetObject')).toEqual([
      expect.stringMatching(/^arn:aws:s3:::[a-z0-9.-]+\/AWSLogs\/\*$/),
    ]);
    expect(resourcesOf('s3:ListBucket')).toEqual([
      expect.stringMatching(/^arn:aws:s3:::[a-z0-9.-]+$/),
    ]);
    for (const arn of resourcesOf('sts:AssumeRole')) {
      expect(arn).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/);
    }
  });

  it('let responders invoke exactly the allow-listed functions', () => {
    // containerSecurity.responders.functions[].name in the demo config.
    const config = parse(
      fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
    );
    const allowList: string[] =
      config.containerSecurity.responders.functions.map(
        (f: { name: string }) => f.name,
      );
    expect(allowList.length).toBeGreaterThan(0);
    const invokable = policyFiles
      .flatMap(readPolicy)
      .filter(s => s.Action.includes('lambda:InvokeFunction'))
      .flatMap(s => [s.Resource].flat())
      .map(arn => {
        // The function, and its versions and aliases (`:*`).
        const m = /^arn:aws:lambda:[\w-]+:\d{12}:function:([\w-]+)(:\*)?$/.exec(
          arn,
        );
        expect(m).not.toBeNull();
        return m![1];
      });
    expect([...new Set(invokable)].sort()).toEqual([...allowList].sort());
  });

  it('trust only the portal service account (IRSA)', () => {
    const [statement] = readPolicy(path.join(awsDir, 'irsa-trust-policy.json'));
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    const account = parseAllDocuments(
      fs.readFileSync(
        path.join(root, 'deploy/kubernetes/base/serviceaccount.yaml'),
        'utf8',
      ),
    )[0].toJS();
    const provider = (statement as any).Principal.Federated.replace(
      /^arn:aws:iam::\d{12}:oidc-provider\//,
      '',
    );
    expect((statement as any).Condition).toEqual({
      StringEquals: {
        [`${provider}:sub`]: `system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`,
        [`${provider}:aud`]: 'sts.amazonaws.com',
      },
    });
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(
      /^arn:aws:iam::\d{12}:role\/container-security-portal$/,
    );
  });
});
