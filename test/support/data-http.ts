import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { encodeManifest } from '../../src/contracts/index.js';

export const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A JSON (or raw bytes) request to a test server; the answer's body parsed when JSON. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    if (Buffer.isBuffer(body)) init.body = body;
    else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
  }
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/**
 * What a client does to add a version, by hand: asks which objects are missing, sends them
 * in one batch, then the manifest. Returns the manifest's hash.
 */
export async function uploadFiles(url: string, files: Record<string, string | Buffer>, mode = 0o644): Promise<string> {
  const entries = Object.entries(files).map(([path, content]) => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    return { path, hash: sha(bytes), size: bytes.length, mode, bytes };
  });
  const missing = (await call(url, 'POST', '/api/v1/objects/missing', { hashes: entries.map((e) => e.hash) })).body.missing as string[];
  const batch = Buffer.concat(entries.filter((e) => missing.includes(e.hash)).flatMap((e) => [Buffer.from(`${e.hash} ${e.bytes.length}\n`), e.bytes]));
  if (batch.length > 0) {
    const res = await call(url, 'POST', '/api/v1/objects/batch', batch, { 'content-type': 'application/x-flywheel-objects' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const manifest = Buffer.from(encodeManifest(entries.map(({ bytes: _b, ...e }) => e)));
  const put = await call(url, 'PUT', `/api/v1/objects/${sha(manifest)}`, manifest, { 'content-type': 'application/octet-stream' });
  expect(put.status).toBe(200);
  return sha(manifest);
}
