import type { ModelVersion } from '../../api/models-types';
import { curlSnippet, exportCommand, serveCommand } from './serve-snippets';

/** Commands to serve the version (by its first alias, else its number), call it, and export it for the browser. */
export function ServeSnippets({ version: v }: { version: ModelVersion }) {
  const ref = [...v.aliases].sort()[0] ?? v.version;
  return (
    <div className="model-serve" data-testid="serve-snippets">
      <p className="muted model-note">Serve it (FW_TRACKING_URI names this server); an alias follows its moves without a restart:</p>
      <pre className="model-code" data-testid="serve-command">
        {serveCommand(v.name, ref)}
      </pre>
      <p className="muted model-note">Call it over the Open Inference Protocol (v2):</p>
      <pre className="model-code" data-testid="serve-curl">
        {curlSnippet(v.name, v.signature)}
      </pre>
      <p className="muted model-note">Or run it in a browser with no server:</p>
      <pre className="model-code" data-testid="serve-export">
        {exportCommand(v.name, v.version)}
      </pre>
    </div>
  );
}
