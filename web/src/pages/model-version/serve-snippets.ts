import type { ModelSignature, TensorSpec } from '../../api/models-types';

/** Elements a sample input holds at most; a bigger tensor gets a placeholder to fill in. */
const MAX_SAMPLE_ELEMENTS = 64;

const sampleValue = (datatype: string): number | string | boolean => (datatype === 'BYTES' ? '' : datatype === 'BOOL' ? false : 0);

/**
 * One OIP v2 input with a sample value: dynamic dimensions (-1) become 1, the data zeros
 * (false for BOOL, '' for BYTES). A tensor of more than MAX_SAMPLE_ELEMENTS gets `data: []`
 * and `fill` set, so the snippet stays readable.
 */
export function sampleInput(t: TensorSpec): { name: string; shape: number[]; datatype: string; data: unknown[]; fill?: number } {
  const shape = t.shape.length === 0 ? [1] : t.shape.map((d) => (d < 0 ? 1 : d));
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > MAX_SAMPLE_ELEMENTS) return { name: t.name, shape, datatype: t.datatype, data: [], fill: size };
  return { name: t.name, shape, datatype: t.datatype, data: Array.from({ length: size }, () => sampleValue(t.datatype)) };
}

/** The body of an OIP v2 infer request for this signature, with sample values. */
export function inferRequestBody(sig: ModelSignature): string {
  const inputs = sig.inputs.map((t) => {
    const { fill: _fill, ...input } = sampleInput(t);
    return input;
  });
  return JSON.stringify({ inputs });
}

/** `fw serve iris@production --port 8080` */
export const serveCommand = (name: string, ref: string, port = 8080): string => `fw serve ${name}@${ref} --port ${port}`;

/** A curl that calls the served model, with a request built from the signature. */
export function curlSnippet(name: string, sig: ModelSignature, port = 8080): string {
  const big = sig.inputs.map(sampleInput).filter((i) => i.fill !== undefined);
  const note = big.map((i) => `# fill "${i.name}" with ${i.fill} values (shape [${i.shape.join(', ')}])\n`).join('');
  return (
    `${note}curl -s http://127.0.0.1:${port}/v2/models/${encodeURIComponent(name)}/infer \\\n` +
    `  -H 'content-type: application/json' \\\n` +
    `  -d '${inferRequestBody(sig).replaceAll("'", "'\\''")}'`
  );
}

/** `fw models export iris/3 --target web --out ./bundle` */
export const exportCommand = (name: string, version: string): string => `fw models export ${name}/${version} --target web --out ./bundle`;
