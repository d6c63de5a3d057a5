import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import { parse, parseAllDocuments } from 'yaml';
import { FALCO_SECRET_HEADER } from './ingest/authenticate';
import { readFalcoIngestConfig } from './ingest/config';
import { readFalcoNatsConfig } from './nats/config';

/**
 * The Falco-side examples (examples/falco: Falcosidekick Helm values, Falco http_output)
 * against the portal's side (examples/falco/app-config.falco.yaml read by the ingest and
 * NATS config readers, and the listener Service in deploy/kubernetes).
 */
const root = path.resolve(__dirname, '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

const config = new ConfigReader(
  parse(read('examples/falco/app-config.falco.yaml')),
);
const ingest = readFalcoIngestConfig(config, root);
const nats = readFalcoNatsConfig(config)!;
const sidekick = parse(read('examples/falco/falcosidekick-values.yaml'));
const falco = parse(read('examples/falco/falco-http-output.yaml'));
const listenerService = parseAllDocuments(
  read('deploy/kubernetes/components/falco-listener/service.yaml'),
)[0].toJS();

/** NATS subject matching: `*` one token, `>` the rest. */
function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** The listener's in-cluster address, from the Service and the configured port. */
function expectListenerUrl(url: URL) {
  expect(url.protocol).toBe('http:');
  expect(url.hostname).toBe(
    `${listenerService.metadata.name}.${listenerService.metadata.namespace}.svc`,
  );
  expect(Number(url.port)).toBe(ingest.listener!.port);
  expect(listenerService.spec.ports.map((p: any) => p.port)).toContain(
    ingest.listener!.port,
  );
}

describe('the Falcosidekick Helm values', () => {
  it('post to the dedicated listener with a source secret in the header', () => {
    const url = new URL(sidekick.config.webhook.address);
    expectListenerUrl(url);
    expect(url.pathname).toBe('/falco/events');
    expect(sidekick.config.webhook.method).toBe('POST');
    // The header comes from a Secret, named as the portal expects it.
    expect(sidekick.config.webhook.customHeaders).toBe('');
    const env = sidekick.extraEnv.find(
      (e: any) => e.name === 'WEBHOOK_CUSTOMHEADERS',
    );
    expect(env.valueFrom.secretKeyRef.key).toBe('WEBHOOK_CUSTOMHEADERS');
    expect(read('examples/falco/falcosidekick-values.yaml')).toContain(
      `WEBHOOK_CUSTOMHEADERS="${FALCO_SECRET_HEADER}:$FALCOSIDEKICK_SOURCE_SECRET"`,
    );
    const source = ingest.sources.find(s => s.id === 'falcosidekick')!;
    expect(source.secret).toBe('${FALCOSIDEKICK_SOURCE_SECRET}');
    expect(source.allowUrlSecret).toBe(false);
  });

  it('name the cluster in a field the portal reads', () => {
    const [key, value] = sidekick.config.customfields.split(':');
    expect(ingest.clusterFields).toContain(key);
    expect(value).toMatch(/^[\w-]+$/);
  });

  it('publish to NATS subjects the JetStream stream captures', () => {
    expect(nats.servers).toContain(sidekick.config.nats.hostport);
    const subject = sidekick.config.nats.subjecttemplate
      .replace('<priority>', 'critical')
      .replace('<rule>', 'Terminal_shell_in_container');
    expect(nats.subjects.some(p => subjectMatches(p, subject))).toBe(true);
    expect(subjectMatches('falco.>', 'other.critical')).toBe(false);
  });
});

describe('the Falco http_output settings', () => {
  it('post JSON to the secret URL path of a source that allows it', () => {
    expect(falco.json_output).toBe(true);
    expect(falco.http_output.enabled).toBe(true);
    // Falco expands ${...} itself; keep it out of URL parsing.
    const raw: string = falco.http_output.url;
    const url = new URL(raw.replace(/\$\{\w+\}/, 'SECRET'));
    expectListenerUrl(url);
    const [, events, sourceId, secret] =
      /^\/(falco\/events)\/([^/]+)\/([^/]+)$/.exec(url.pathname)!;
    expect(events).toBe('falco/events');
    expect(secret).toBe('SECRET');
    const source = ingest.sources.find(s => s.id === sourceId)!;
    expect(source.allowUrlSecret).toBe(true);
    // The same environment variable on both sides.
    expect(raw.endsWith(`/${source.secret}`)).toBe(true);
  });
});
