import { aliasHistory, getGates, getModel, searchVersionsOf } from '../../api/models';
import type { AliasEvent, GateSpec, ModelVersion, RegisteredModel } from '../../api/models-types';
import { useAsync } from '../../lib/use-async';

export interface ModelView {
  model: RegisteredModel;
  /** Newest first. */
  versions: ModelVersion[];
  history: AliasEvent[];
  gates: Record<string, GateSpec[]>;
}

/** Everything the model page shows, read together so an alias move reloads one consistent view. */
export function useModel(name: string) {
  return useAsync(async (signal): Promise<ModelView> => {
    const [model, versions, history, gates] = await Promise.all([getModel(name, signal), searchVersionsOf([name], signal), aliasHistory(name, signal), getGates(name, signal)]);
    return { model, versions: [...versions].sort((a, b) => Number(b.version) - Number(a.version)), history, gates };
  }, [name]);
}
