// Old path kept until bench/ imports `../posture/DatabasePostureStore`.
export * from '../posture/DatabasePostureStore';
