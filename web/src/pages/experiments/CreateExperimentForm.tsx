import { useState } from 'react';
import { createExperiment } from '../../api/tracking';

/** Name and Create; the server's refusal (a duplicate name, say) is shown under the field. */
export function CreateExperimentForm({ onCreated }: { onCreated: (id: string, name: string) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="exp-create"
      data-testid="experiment-create-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) {
          setError('Give the experiment a name.');
          return;
        }
        setBusy(true);
        setError(undefined);
        try {
          const id = await createExperiment(trimmed);
          setName('');
          onCreated(id, trimmed);
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="exp-create-row">
        <input
          type="text"
          data-testid="experiment-create-name"
          aria-label="New experiment name"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'exp-create-error' : undefined}
          placeholder="New experiment name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (error) setError(undefined);
          }}
        />
        <button type="submit" className="primary" data-testid="experiment-create-submit" disabled={busy}>
          Create
        </button>
      </div>
      {error && (
        <div className="exp-field-error" id="exp-create-error" role="alert" data-testid="experiment-create-error">
          {error}
        </div>
      )}
    </form>
  );
}
