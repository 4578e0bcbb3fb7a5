import type { FastifyInstance } from 'fastify';
import { sweepsRoutes, sweepToWire, trialToWire } from '../../contracts/index.js';
import { invalidArgument, type SweepState } from '../../core/index.js';
import { contractRoute } from '../../http/index.js';
import type { SweepService } from '../service/sweep-service.js';
import { sweepOfView } from './sweep-view.js';

/** The sweeps API under /api/v1 (docs/sweeps-api.md). Errors use MLflow's shape like the other native routes. */
export function registerSweepsRoutes(app: FastifyInstance, options: { sweeps: SweepService }): void {
  const { sweeps } = options;
  const sweepJson = (view: Parameters<typeof sweepOfView>[0]) => sweepToWire(sweepOfView(view));

  contractRoute(app, sweepsRoutes.create, async ({ body }) => {
    const view = await sweeps.create({
      config: body.config,
      ...(body.cwd !== undefined ? { cwd: body.cwd } : {}),
      ...(body.env !== undefined ? { env: body.env } : {}),
      ...(body.experiment_id !== undefined ? { experimentId: String(body.experiment_id) } : {}),
    });
    return { sweep: sweepJson(view) };
  });

  contractRoute(app, sweepsRoutes.list, async ({ query: q }) => {
    // Checked against the known states by the service, with the list in the message.
    const states = (q.state ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '') as SweepState[];
    const page = await sweeps.list({
      states,
      ...(q.max_results !== undefined ? { maxResults: q.max_results } : {}),
      ...(q.page_token !== undefined ? { pageToken: q.page_token } : {}),
    });
    return { sweeps: page.items.map(sweepJson), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  });

  contractRoute(app, sweepsRoutes.get, async ({ params }) => ({ sweep: sweepJson(await sweeps.get(params.id)) }));
  contractRoute(app, sweepsRoutes.trials, async ({ params }) => ({ trials: (await sweeps.trials(params.id)).map(trialToWire) }));
  contractRoute(app, sweepsRoutes.importance, async ({ params }) => ({ importance: await sweeps.importance(params.id) }));
  contractRoute(app, sweepsRoutes.pause, async ({ params }) => ({ sweep: sweepJson(await sweeps.pause(params.id)) }));
  contractRoute(app, sweepsRoutes.resume, async ({ params }) => ({ sweep: sweepJson(await sweeps.resume(params.id)) }));
  contractRoute(app, sweepsRoutes.cancel, async ({ params }) => ({ sweep: sweepJson(await sweeps.cancel(params.id)) }));
  contractRoute(app, sweepsRoutes.ask, async ({ params }) => ({ trial: trialToWire(await sweeps.ask(params.id)) }));

  contractRoute(app, sweepsRoutes.report, async ({ params, body }) => sweeps.report(params.id, trialNumber(params.number), body.t, body.value));

  contractRoute(app, sweepsRoutes.tell, async ({ params, body }) => {
    const outcome = {
      ...(body.value !== undefined ? { value: body.value } : {}),
      ...(body.state !== undefined ? { state: body.state } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    };
    return { trial: trialToWire(await sweeps.tell(params.id, trialNumber(params.number), outcome)) };
  });
}

function trialNumber(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw invalidArgument(`trial number must be a positive integer, not '${raw.slice(0, 40)}'`);
  return n;
}
