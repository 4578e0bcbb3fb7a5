// Placeholder: being built.
export function RunPage() {
  return <p className="empty">RunPage</p>;
}
