// Placeholder: being built.
export function RunsPage() {
  return <p className="empty">RunsPage</p>;
}
