export * from './attribution';
export * from './kubernetesFields';
export { podBelongsToWorkload, podNameMatcher } from './podOwnership';
