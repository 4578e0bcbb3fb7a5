import type { TensorSpec } from '../runtime/runtime-types.js';
import type { WebBundleManifest } from './export-types.js';

/**
 * The bundle's example page: loads the model through flywheel-model.js, shows its signature,
 * and runs rows typed into a box per input. It sets `window.flywheel = { model }` once the
 * model is loaded (or `{ error }`), and `data-state` on <body> (loading, ready, error), for
 * scripts and tests. `examples`: the row each box starts with, by input name.
 */
export function indexHtml(manifest: Pick<WebBundleManifest, 'name' | 'version' | 'format' | 'signature'>, examples: Record<string, string>): string {
  const title = `${manifest.name} version ${manifest.version}`;
  // In a <script> block only "</" can end it early; \u003c keeps JSON.parse's view the same.
  const examplesJson = JSON.stringify(examples).replace(/</g, '\\u003c');
  return String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Flywheel</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fff; }
  main { max-width: 860px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 1.5rem; margin: 0 0 4px; } h1 small { font-weight: normal; color: #5b6475; font-size: 1rem; }
  h2 { font-size: 1.1rem; margin: 24px 0 8px; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid #e3e6ec; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; } label span { font-weight: normal; color: #5b6475; }
  textarea { width: 100%; min-height: 5em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  button { margin-top: 12px; padding: 6px 16px; font: inherit; }
  #status[data-kind="error"] { color: #b42318; }
  code { font: 13px ui-monospace, monospace; }
</style>
</head>
<body data-state="loading">
<main>
  <h1>${escapeHtml(manifest.name)} <small>version ${escapeHtml(manifest.version)} · ${escapeHtml(manifest.format)}</small></h1>
  <p id="status" role="status">Loading the model…</p>
  <h2>Signature</h2>
  <table id="signature"><thead><tr><th>Tensor</th><th>Role</th><th>Datatype</th><th>Shape</th></tr></thead><tbody>${signatureRows(manifest.signature.inputs, 'input')}${signatureRows(manifest.signature.outputs, 'output')}</tbody></table>
  <form id="predict-form">
    <h2>Try it</h2>
    <div id="inputs"></div>
    <button type="submit" disabled>Predict</button>
  </form>
  <h2>Prediction</h2>
  <div id="outputs"><p>Press Predict.</p></div>
</main>
<script type="application/json" id="examples">${examplesJson}</script>
<script type="module">
import { loadModel } from './flywheel-model.js';

const $ = (id) => document.getElementById(id);
const examples = JSON.parse($('examples').textContent);

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').dataset.kind = kind;
}

// The shape of the rows typed in: one row per line; -1 in the signature takes the count.
function shapeFor(spec, rows, width) {
  const s = spec.shape;
  if (s.length > 0 && !s.includes(-1)) return s.slice();
  if (s.length > 1 && s[0] === -1 && !s.slice(1).includes(-1)) return [rows].concat(s.slice(1));
  if (s.length === 1) return [rows * width];
  return [rows, width];
}

function readInput(spec, text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) throw new Error(spec.name + ': enter at least one row');
  let rows;
  if (spec.datatype === 'BYTES') rows = lines.map((l) => [l]);
  else rows = lines.map((l) => l.split(/[\s,;]+/).filter((v) => v !== ''));
  const width = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(spec.name + ': row ' + (i + 1) + ' has ' + r.length + ' values, row 1 has ' + width);
  });
  const flat = rows.flat();
  let data;
  if (spec.datatype === 'BYTES') data = flat;
  else if (spec.datatype === 'BOOL') data = flat.map((v) => v === 'true' || v === '1');
  else if (spec.datatype === 'INT64' || spec.datatype === 'UINT64') data = flat.map((v) => BigInt(v));
  else {
    data = flat.map(Number);
    const bad = flat.find((v) => Number.isNaN(Number(v)));
    if (bad !== undefined) throw new Error(spec.name + ': ' + JSON.stringify(bad) + ' is not a number');
  }
  return { data, shape: shapeFor(spec, rows.length, width) };
}

function format(v) {
  return typeof v === 'number' ? Number(v.toPrecision(6)).toString() : String(v);
}

function showOutputs(result) {
  const box = $('outputs');
  box.replaceChildren();
  for (const [name, t] of Object.entries(result)) {
    const title = document.createElement('h3');
    title.textContent = name + ' [' + t.shape.join(', ') + ']';
    const table = document.createElement('table');
    table.dataset.output = name;
    const values = Array.from(t.data);
    const width = t.shape.length >= 2 ? t.shape.slice(1).reduce((n, d) => n * d, 1) : values.length;
    for (let r = 0; r * width < values.length || (r === 0 && values.length === 0); r++) {
      const row = values.slice(r * width, (r + 1) * width);
      const tr = table.insertRow();
      tr.insertCell().textContent = 'row ' + (r + 1);
      tr.insertCell().textContent = row.map(format).join(', ');
      if (row.length > 1 && row.every((v) => typeof v === 'number')) {
        tr.insertCell().textContent = 'argmax ' + row.indexOf(Math.max(...row));
      }
    }
    box.append(title, table);
  }
}

try {
  const model = await loadModel();
  window.flywheel = { model };
  const inputs = $('inputs');
  for (const spec of model.signature.inputs) {
    const label = document.createElement('label');
    const id = 'input-' + spec.name;
    label.htmlFor = id;
    label.textContent = spec.name + ' ';
    const hint = document.createElement('span');
    hint.textContent = '(' + spec.datatype + ' [' + spec.shape.join(', ') + ']; one row per line)';
    label.append(hint);
    const box = document.createElement('textarea');
    box.id = id;
    box.name = spec.name;
    box.value = examples[spec.name] ?? '';
    inputs.append(label, box);
  }
  $('predict-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const request = {};
      for (const spec of model.signature.inputs) request[spec.name] = readInput(spec, $('input-' + spec.name).value);
      const started = performance.now();
      const result = await model.predict(request);
      showOutputs(result);
      setStatus('Ran in ' + (performance.now() - started).toFixed(1) + ' ms on ' + model.backend + '.', 'ok');
    } catch (e) {
      setStatus(e.message, 'error');
    }
  });
  $('predict-form').querySelector('button').disabled = false;
  setStatus('Loaded; running in this browser on ' + model.backend + '.', 'ok');
  document.body.dataset.state = 'ready';
} catch (e) {
  window.flywheel = { error: e.message };
  setStatus('Could not load the model: ' + e.message, 'error');
  document.body.dataset.state = 'error';
}
</script>
</body>
</html>
`;
}

function signatureRows(specs: readonly TensorSpec[], role: string): string {
  return specs.map((s) => `<tr><td><code>${escapeHtml(s.name)}</code></td><td>${role}</td><td>${s.datatype}</td><td>[${s.shape.join(', ')}]</td></tr>`).join('');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
