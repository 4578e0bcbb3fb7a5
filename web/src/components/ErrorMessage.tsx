/** An error from the API shown as a message, never a blank page. */
export function ErrorMessage({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="error-message" role="alert">
      <strong>Something went wrong.</strong> <span>{error.message}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
