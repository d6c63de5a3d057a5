// The posture area as other features see it.
export type {
  EntitySnapshot,
  LatestSnapshot,
  PostureStore,
} from './PostureStore';
export { setUpPosture } from './setUpPosture';
