export {
  NoWorkloadsEmptyState,
  MissingKubernetesAnnotation,
} from './EmptyStates';
