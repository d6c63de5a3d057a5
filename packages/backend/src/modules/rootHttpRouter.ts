import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';

/**
 * Backstage's default root router, except that error bodies never carry stack traces,
 * not even in development mode, which is how the demo portal runs.
 */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure({ app, middleware, routes, healthRouter }) {
    app.use(middleware.helmet());
    app.use(middleware.cors());
    app.use(middleware.compression());
    app.use(middleware.logging());
    app.use(middleware.rateLimit());
    app.use(healthRouter);
    app.use(routes);
    app.use(middleware.notFound());
    app.use(middleware.error({ showStackTraces: false }));
  },
});
