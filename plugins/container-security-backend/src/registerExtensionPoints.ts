import { BackendPluginRegistrationPoints } from '@backstage/backend-plugin-api';
import {
  AuditEventSource,
  AuditRule,
  containerSecurityAuditExtensionPoint,
  containerSecurityMetricsSourcesExtensionPoint,
  containerSecurityPostureChecksExtensionPoint,
  containerSecurityRespondersExtensionPoint,
  containerSecurityVulnerabilitySourcesExtensionPoint,
  containerSecurityWorkloadSourcesExtensionPoint,
  ImageVulnerabilitySource,
  PostureCheck,
  ResponderInvoker,
  TalonRulesFile,
  WorkloadMetricsSource,
  WorkloadSource,
} from '@containersec/plugin-container-security-node';

/** What other backend modules added through the plugin's extension points. */
export interface AddedExtensions {
  workloadSources: WorkloadSource[];
  postureChecks: PostureCheck[];
  vulnerabilitySources: ImageVulnerabilitySource[];
  metricsSources: WorkloadMetricsSource[];
  auditSources: AuditEventSource[];
  auditRules: AuditRule[];
  responderRules: TalonRulesFile[];
  responderInvoker?: ResponderInvoker;
}

/** Registers every extension point; the lists fill before the plugin's `init` runs. */
export function registerExtensionPoints(
  env: Pick<BackendPluginRegistrationPoints, 'registerExtensionPoint'>,
): AddedExtensions {
  const added: AddedExtensions = {
    workloadSources: [],
    postureChecks: [],
    vulnerabilitySources: [],
    metricsSources: [],
    auditSources: [],
    auditRules: [],
    responderRules: [],
  };
  env.registerExtensionPoint(containerSecurityWorkloadSourcesExtensionPoint, {
    addWorkloadSource: (...sources) => added.workloadSources.push(...sources),
  });
  env.registerExtensionPoint(containerSecurityPostureChecksExtensionPoint, {
    addPostureCheck: (...checks) => added.postureChecks.push(...checks),
  });
  env.registerExtensionPoint(
    containerSecurityVulnerabilitySourcesExtensionPoint,
    {
      addVulnerabilitySource: (...sources) =>
        added.vulnerabilitySources.push(...sources),
    },
  );
  env.registerExtensionPoint(containerSecurityMetricsSourcesExtensionPoint, {
    addMetricsSource: (...sources) => added.metricsSources.push(...sources),
  });
  env.registerExtensionPoint(containerSecurityAuditExtensionPoint, {
    addAuditSource: (...sources) => added.auditSources.push(...sources),
    addAuditRule: (...rules) => added.auditRules.push(...rules),
  });
  env.registerExtensionPoint(containerSecurityRespondersExtensionPoint, {
    addResponderRules: (...files) => added.responderRules.push(...files),
    setResponderInvoker(invoker) {
      if (added.responderInvoker) {
        throw new Error('The responder invoker was already set');
      }
      added.responderInvoker = invoker;
    },
  });
  return added;
}
