import { CHECK_IDS } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../../manifests/types';
import { DIGEST, scenario } from '../__testUtils__/scenario';
import { evaluatePosture } from '../evaluatePosture';
import { isFluentBitConfigWithOutput } from './logging';

const logShipping = (scan: KubernetesObject[]) =>
  evaluatePosture(
    scan.map(object => ({ object })),
    {},
  ).findings.filter(f => f.checkId === CHECK_IDS.logShippingMissing);

const CLASSIC_CONFIG = [
  '[INPUT]',
  '    Name tail',
  '    Path /var/log/app/*.log',
  '[OUTPUT]',
  '    Name cloudwatch_logs',
  '    Match *',
].join('\n');

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/** A sidecar whose image says nothing about Fluent Bit (a private mirror). */
const mirroredSidecar = (extra: Record<string, unknown>) => ({
  name: 'logs',
  image: `registry.internal/platform/shipper:1.0@${DIGEST}`,
  restartPolicy: 'Always',
  ...extra,
});

describe('log-shipping-missing', () => {
  it('accepts a FireLens-style sidecar (firelensConfiguration) and not a look-alike', () => {
    const withSidecar = (type: string) =>
      scenario(s => {
        s.logCollector = undefined;
        s.pod.containers.push(
          mirroredSidecar({ firelensConfiguration: { type } }),
        );
      });
    expect(logShipping(withSidecar('fluentbit'))).toEqual([]);
    expect(logShipping(withSidecar('fluentd'))).toEqual([]);
    expect(logShipping(withSidecar('splunk'))).toHaveLength(1);
  });

  it('accepts a Fluent Bit sidecar recognised by its command', () => {
    const scan = scenario(s => {
      s.logCollector = undefined;
      s.pod.initContainers = [
        mirroredSidecar({
          command: ['/fluent-bit/bin/fluent-bit'],
          args: ['-c', '/etc/fb/fluent-bit.conf'],
        }),
      ];
    });
    expect(logShipping(scan)).toEqual([]);
  });

  it('accepts a sidecar mounting a Fluent Bit configuration with an output, in either format', () => {
    const withConfig = (data: Record<string, string>) =>
      scenario(s => {
        s.logCollector = undefined;
        s.pod.volumes = [{ name: 'fb', configMap: { name: 'web-logs' } }];
        s.pod.initContainers = [
          mirroredSidecar({
            volumeMounts: [{ name: 'fb', mountPath: '/etc/fb' }],
          }),
        ];
        s.extra.push(configMap('shop', 'web-logs', data));
      });
    expect(
      logShipping(withConfig({ 'fluent-bit.conf': CLASSIC_CONFIG })),
    ).toEqual([]);
    expect(
      logShipping(
        withConfig({
          'fluent-bit.yaml':
            'pipeline:\n  inputs:\n    - name: tail\n  outputs:\n    - name: s3\n',
        }),
      ),
    ).toEqual([]);
    // inputs only: the logs are read and dropped
    expect(
      logShipping(
        withConfig({ 'fluent-bit.conf': '[INPUT]\n    Name tail\n' }),
      ),
    ).toHaveLength(1);
  });

  it('ignores a Fluent Bit ConfigMap in another namespace or not mounted', () => {
    const scan = scenario(s => {
      s.logCollector = undefined;
      s.pod.volumes = [{ name: 'fb', configMap: { name: 'web-logs' } }];
      s.pod.initContainers = [mirroredSidecar({})];
      s.extra.push(
        configMap('shop', 'web-logs', { 'fluent-bit.conf': CLASSIC_CONFIG }),
        configMap('other', 'web-logs', { 'fluent-bit.conf': CLASSIC_CONFIG }),
      );
    });
    expect(logShipping(scan)).toHaveLength(1);
  });

  describe('on EKS Fargate', () => {
    const onFargate = (
      extra: Record<string, any>[],
      how: 'label' | 'scheduler' | 'nodeSelector' = 'label',
    ) =>
      scenario(s => {
        // DaemonSets do not run on Fargate: the collector in the scan does not count
        if (how === 'label')
          s.deployment.spec.template.metadata.labels[
            'eks.amazonaws.com/fargate-profile'
          ] = 'apps';
        if (how === 'scheduler') s.pod.schedulerName = 'fargate-scheduler';
        if (how === 'nodeSelector')
          s.pod.nodeSelector = { 'eks.amazonaws.com/compute-type': 'fargate' };
        s.extra.push(...extra);
      });
    const awsLogging = (outputConf: string) =>
      configMap('aws-observability', 'aws-logging', {
        'output.conf': outputConf,
      });

    it.each(['label', 'scheduler', 'nodeSelector'] as const)(
      'accepts the aws-observability/aws-logging ConfigMap (pod on Fargate by %s)',
      how => {
        expect(
          logShipping(onFargate([awsLogging(CLASSIC_CONFIG)], how)),
        ).toEqual([]);
        const missing = logShipping(onFargate([], how));
        expect(missing).toHaveLength(1);
        expect(missing[0].message).toMatch(/Fargate/);
      },
    );

    it('needs an [OUTPUT] section in output.conf and the exact namespace and name', () => {
      expect(logShipping(onFargate([awsLogging('# nothing\n')]))).toHaveLength(
        1,
      );
      expect(
        logShipping(
          onFargate([
            configMap('kube-system', 'aws-logging', {
              'output.conf': CLASSIC_CONFIG,
            }),
          ]),
        ),
      ).toHaveLength(1);
    });

    it('does not let the ConfigMap cover pods on EC2 nodes', () => {
      const scan = scenario(s => {
        s.logCollector = undefined;
        s.extra.push(awsLogging(CLASSIC_CONFIG));
      });
      expect(logShipping(scan)).toHaveLength(1);
    });
  });

  it('recognises an output section in the classic format only as a section header', () => {
    expect(isFluentBitConfigWithOutput('[OUTPUT]\n  Name s3')).toBe(true);
    expect(isFluentBitConfigWithOutput('# see [OUTPUT] below')).toBe(false);
    expect(isFluentBitConfigWithOutput(undefined)).toBe(false);
  });
});
