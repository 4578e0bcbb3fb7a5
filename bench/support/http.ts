/** Plain fetch helpers for setting up data and for sequential latency measurements. */

export async function postJson<T = unknown>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} -> ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/**
 * Times one request until its whole body has arrived (as bytes; decoding and parsing are
 * the client's business, not the server's) and returns the milliseconds and the body.
 */
export async function timedRequest(
  url: string,
  init: { method: 'GET' } | { method: 'POST'; body: string },
): Promise<{ ms: number; body: Buffer }> {
  const start = performance.now();
  const res = await fetch(url, init.method === 'POST' ? { ...init, headers: { 'content-type': 'application/json' } } : init);
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - start;
  if (!res.ok) throw new Error(`${init.method} ${url} -> ${res.status}: ${body.toString('utf8', 0, 500)}`);
  return { ms, body };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export async function createExperiment(base: string, name: string): Promise<string> {
  const r = await postJson<{ experiment_id: string }>(base, '/api/2.0/mlflow/experiments/create', { name });
  return r.experiment_id;
}

export async function createRun(base: string, experimentId: string, runName: string): Promise<string> {
  const r = await postJson<{ run: { info: { run_id: string } } }>(base, '/api/2.0/mlflow/runs/create', {
    experiment_id: experimentId,
    run_name: runName,
  });
  return r.run.info.run_id;
}
