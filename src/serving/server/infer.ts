import { checkInputs, selectOutputs } from '../runtime/check-inputs.js';
import type { LoadedModel, Tensor } from '../runtime/runtime-types.js';
import type { RequestFacts } from './request-facts.js';
import type { ServedModels } from './served-models.js';

export interface InferOutcome {
  version: string;
  outputs: Tensor[];
}

/**
 * Runs one request on a served model: picks the version (by the split or as asked),
 * decodes the body against that version's signature, and queues it on the version's batcher.
 * The lease is held until the answer, so a version switched away from meanwhile stays open.
 *
 * Inputs of a batchable model are checked here, not only by the runtime: a batched run
 * fails for every request in it, so a bad one must not get in. (Other models run each
 * request alone, and the runtime's own check knows their quirks, such as TF.js inputs of
 * unknown rank.)
 */
export async function infer(options: {
  models: ServedModels;
  name: string;
  version?: string;
  decode: (model: LoadedModel) => { inputs: Tensor[]; outputs?: string[] };
  facts: RequestFacts;
  onQueued?: (queueMs: number) => void;
}): Promise<InferOutcome> {
  const { models, name, facts } = options;
  facts.model = name;
  const lease = models.acquire(name, options.version);
  facts.version = lease.version;
  try {
    const { inputs, outputs } = options.decode(lease.model);
    if (lease.model.batchable) {
      checkInputs(lease.model.signature, inputs);
      if (outputs !== undefined) selectOutputs(lease.model.signature, outputs);
    }
    const result = await lease.submit(inputs, outputs);
    facts.batchRows = result.batchRows;
    options.onQueued?.(result.queueMs);
    return { version: lease.version, outputs: result.outputs };
  } finally {
    lease.release();
  }
}
