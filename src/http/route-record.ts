import type { FastifyInstance, RouteOptions } from 'fastify';

const recorded = new WeakMap<FastifyInstance, RouteOptions[]>();

/**
 * Records every route registered on the app from now on, plugins' included (Fastify hands
 * onRoute hooks down to child scopes), so a test can check that each carries its contract.
 * Call it before registering any route.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  recorded.set(app, routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
}

/** The routes recorded on an app, with their options (`config.contract`). */
export function recordedRoutes(app: FastifyInstance): readonly RouteOptions[] {
  return recorded.get(app) ?? [];
}
