import { useState } from 'react';

/**
 * State for buttons that act on one entity (cancel a job, pause a sweep): `act` runs an API
 * call with the entity's id, hands the server's answer to `onChanged`, and keeps the error
 * (a 409 when it changed meanwhile) for display. `confirming` is for actions that ask first.
 */
export function useEntityAction<T>(id: string, onChanged: (changed: T) => void) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const act = async (action: (id: string) => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      const changed = await action(id);
      setConfirming(false);
      onChanged(changed);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return { confirming, setConfirming, busy, error, act };
}
