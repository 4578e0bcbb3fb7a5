// Placeholder: being built.
export function ExperimentsPage() {
  return <p className="empty">ExperimentsPage</p>;
}
