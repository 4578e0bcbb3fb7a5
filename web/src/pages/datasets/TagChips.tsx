/** A version's tags as chips (nothing when it has none). */
export function TagChips({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="ds-tags" data-testid="version-tags">
      {tags.map((t) => (
        <span key={t} className="ds-tag" data-tag={t}>
          {t}
        </span>
      ))}
    </span>
  );
}
