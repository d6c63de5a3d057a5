import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { RequestHandler } from 'express';

/**
 * Removes `error.stack` from JSON error bodies. Backstage adds stack traces to error
 * responses whenever NODE_ENV is `development`, which is how `yarn start` runs the demo
 * portal, and each plugin router has its own error handler, so this filter sits in front
 * of all of them.
 */
export const stripErrorStacks: RequestHandler = (_req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body?: any) => {
    if (
      body?.error &&
      typeof body.error === 'object' &&
      'stack' in body.error
    ) {
      const { stack: _stack, ...error } = body.error;
      return json({ ...body, error });
    }
    return json(body);
  };
  next();
};

/** Backstage's default root router with `stripErrorStacks` in front of every route. */
export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure({ app, middleware, routes, healthRouter }) {
    app.use(middleware.helmet());
    app.use(middleware.cors());
    app.use(middleware.compression());
    app.use(middleware.logging());
    app.use(middleware.rateLimit());
    app.use(stripErrorStacks);
    app.use(healthRouter);
    app.use(routes);
    app.use(middleware.notFound());
    app.use(middleware.error({ showStackTraces: false }));
  },
});
