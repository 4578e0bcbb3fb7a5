// Placeholder: being built.
export function ComparePage() {
  return <p className="empty">ComparePage</p>;
}
