import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide Security page. */
export const rootRouteRef = createRouteRef({ id: 'container-security' });
