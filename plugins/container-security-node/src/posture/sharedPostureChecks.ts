import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { PostureCheck } from './types';

/**
 * The posture checks the container-security backend runs beyond the built-in catalogue
 * (those added through its checks extension point), shared with other plugins in the same
 * backend: the scaffolder's `container-security:manifests:validate` grades generated
 * services with exactly the checks that will grade them once deployed.
 *
 * @public
 */
export interface SharedPostureChecks {
  /** Replaces the shared checks (the backend publishes them once, at start-up). */
  publish(checks: readonly PostureCheck[]): void;
  /** The checks published so far; empty when the backend plugin is not installed. */
  list(): readonly PostureCheck[];
}

/**
 * A root service, so that every plugin of the backend sees one instance.
 *
 * @public
 */
export const sharedPostureChecksServiceRef =
  createServiceRef<SharedPostureChecks>({
    id: 'container-security.shared-posture-checks',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory() {
          let checks: readonly PostureCheck[] = [];
          return {
            publish(next) {
              checks = [...next];
            },
            list() {
              return checks;
            },
          };
        },
      }),
  });
