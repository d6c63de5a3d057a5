export {
  KubernetesWorkloadSource,
  type KubernetesWorkloadSourceOptions,
} from './KubernetesWorkloadSource';
export { KUBERNETES_RESOURCE_TYPES } from './resourceTypes';
