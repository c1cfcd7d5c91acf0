/** All routes of the leader team (头雁), registered with one line in app.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app';
import { registryRoutes } from './registry.routes';
import { trainingRoutes } from './training.routes';
import { evaluationRoutes } from './evaluation.routes';
import { faultRoutes } from './fault.routes';
import { settingsRoutes } from './settings.routes';

export const cadreRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  await app.register(registryRoutes(deps));
  await app.register(trainingRoutes(deps));
  await app.register(evaluationRoutes(deps));
  await app.register(faultRoutes(deps));
  await app.register(settingsRoutes(deps));
};
