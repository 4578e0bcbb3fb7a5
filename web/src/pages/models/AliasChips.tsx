import { Link } from 'react-router';
import type { ModelAliasRef } from '../../api/models-types';
import { aliasChips, modelVersionUrl } from './model-format';

/** A model's aliases as chips (`production → v3`), each linking to its version; nothing when it has none. */
export function AliasChips({ name, aliases }: { name: string; aliases: readonly ModelAliasRef[] }) {
  const chips = aliasChips(aliases);
  if (chips.length === 0) return null;
  return (
    <span className="models-chips" data-testid="alias-chips">
      {chips.map((c) => (
        <Link key={c.alias} to={modelVersionUrl(name, c.version)} className="models-chip" data-testid="alias-chip" data-alias={c.alias} data-version={c.version}>
          {c.label}
        </Link>
      ))}
    </span>
  );
}

/** Alias names alone (for a version that they point at), as chips. */
export function AliasNameChips({ aliases }: { aliases: readonly string[] }) {
  if (aliases.length === 0) return null;
  return (
    <span className="models-chips">
      {[...aliases].sort().map((a) => (
        <span key={a} className="models-chip" data-testid="version-alias" data-alias={a}>
          @{a}
        </span>
      ))}
    </span>
  );
}
