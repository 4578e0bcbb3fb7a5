import { useState } from 'react';
import { searchModels, searchVersionsOf } from '../../api/models';
import type { RegisteredModel } from '../../api/models-types';
import { useAsync } from '../../lib/use-async';

export interface ModelRow {
  model: RegisteredModel;
  versionCount: number;
}

/** Models per page of the list. */
export const MODELS_PAGE = 100;

async function loadPage(q: string, pageToken: string | undefined, signal?: AbortSignal): Promise<{ rows: ModelRow[]; nextPageToken: string | undefined }> {
  const page = await searchModels({ nameContains: q, maxResults: MODELS_PAGE, ...(pageToken ? { pageToken } : {}) }, signal);
  // MLflow's model message has no count of versions: one search over the page's models counts them.
  const counts = new Map<string, number>();
  for (const v of await searchVersionsOf(page.models.map((m) => m.name), signal)) counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
  return { rows: page.models.map((model) => ({ model, versionCount: counts.get(model.name) ?? 0 })), nextPageToken: page.nextPageToken };
}

/** The models whose name contains `q`, a page at a time: `more` reads the next page. */
export function useModelList(q: string) {
  const first = useAsync(async (signal) => ({ q, ...(await loadPage(q, undefined, signal)) }), [q]);
  const [extra, setExtra] = useState<{ q: string; rows: ModelRow[]; nextPageToken: string | undefined; error?: Error } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const current = first.data?.q === q ? first.data : undefined;
  const added = extra?.q === q ? extra : undefined;
  const nextPageToken = added ? added.nextPageToken : current?.nextPageToken;

  const more = async () => {
    if (!nextPageToken) return;
    setBusy(true);
    try {
      const page = await loadPage(q, nextPageToken);
      setExtra({ q, rows: [...(added?.rows ?? []), ...page.rows], nextPageToken: page.nextPageToken });
    } catch (e) {
      setExtra({ q, rows: added?.rows ?? [], nextPageToken, error: e as Error });
    } finally {
      setBusy(false);
    }
  };

  return {
    rows: current ? [...current.rows, ...(added?.rows ?? [])] : undefined,
    error: first.error ?? added?.error,
    reload: () => {
      setExtra(undefined);
      first.reload();
    },
    hasMore: nextPageToken !== undefined,
    busy,
    more,
  };
}
