import type { WebBundleManifest } from './export-types.js';

/** The bundle's README.md: how to serve it and call it. */
export function bundleReadme(manifest: WebBundleManifest, example: { input: string; row: string; shape: number[] }): string {
  const runtime = Object.entries(manifest.runtime)
    .map(([pkg, version]) => `${pkg} ${version}`)
    .join(', ');
  const tensorRows = [
    ...manifest.signature.inputs.map((s) => `| input | \`${s.name}\` | ${s.datatype} | [${s.shape.join(', ')}] |`),
    ...manifest.signature.outputs.map((s) => `| output | \`${s.name}\` | ${s.datatype} | [${s.shape.join(', ')}] |`),
  ];
  const fileRows = manifest.files.map((f) => `| \`${f.path}\` | ${f.size} | \`${f.sha256}\` |`);
  return `# ${manifest.name} version ${manifest.version}

A self-contained web bundle of the ${manifest.format} model \`${manifest.name}\` version ${manifest.version},
exported from Flywheel. The model runs in the browser (WebAssembly, on the CPU) with
${runtime}; nothing is fetched from anywhere but this folder.

## Serve it

Any static file server will do; browsers load neither modules nor WebAssembly from \`file://\`.

    npx serve .
    # or
    python3 -m http.server 8000

then open http://localhost:8000/ (or the address the server prints): \`index.html\` shows the
signature and runs rows you type. The server must send \`.js\` and \`.mjs\` as \`text/javascript\`
(browsers refuse modules of other types) and should send \`.wasm\` as \`application/wasm\`;
\`serve\` and Python 3.11 do. No cross-origin-isolation
headers are needed. To embed the model in another site, copy the whole folder and import
\`flywheel-model.js\` from it.

## API

\`flywheel-model.js\` is an ES module:

\`\`\`js
import { loadModel } from './flywheel-model.js';

// The bundle's folder; default: where flywheel-model.js was loaded from.
const model = await loadModel();
console.log(model.signature); // { inputs: [{ name, datatype, shape }], outputs: [...] }

const result = await model.predict({
  '${example.input}': { data: [${example.row}], shape: [${example.shape.join(', ')}] },
});
// { [outputName]: { data: Float32Array | ..., shape: number[], datatype: 'FP32' | ... } }

await model.dispose();
\`\`\`

Tensors are row-major: \`data\` is a plain array or a typed array of the product of \`shape\`
values; a -1 in the signature's shape is a dimension of any size (the batch, usually). These
are the same named tensors as the Flywheel inference server's Open Inference Protocol
(\`POST /v2/models/${manifest.name}/infer\`), so a request's \`inputs\` carry over. \`predict\` rejects
with a \`PredictError\` whose \`issues\` list each problem (\`{ path, message }\`) when the inputs
do not fit the signature. \`model.backend\` says what runs the model.

\`index.html\` sets \`window.flywheel = { model }\` once the model has loaded.

## Signature

| role | tensor | datatype | shape |
| --- | --- | --- | --- |
${tensorRows.join('\n')}

## Files

\`manifest.json\` lists every file with its size and sha256. The model's files are under
\`model/\`, as registered; the runtime's are under \`runtime/\`.

| file | bytes | sha256 |
| --- | --- | --- |
${fileRows.join('\n')}
`;
}
