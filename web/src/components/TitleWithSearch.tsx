/**
 * A list page's heading with a name filter beside it (datasets, models): the filter's value
 * lives in the URL, so the caller passes it and hears of changes.
 */
export function TitleWithSearch({ title, value, onChange, what, testId }: { title: string; value: string; onChange: (value: string) => void; what: string; testId: string }) {
  return (
    <div className="list-title">
      <h1>{title}</h1>
      <input
        type="search"
        className="list-search"
        data-testid={testId}
        aria-label={`Find ${what} by name`}
        placeholder="Find by name"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
