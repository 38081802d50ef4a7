"use client";

// Unexpected server errors: Next sends only a digest to the browser, never the stack.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md py-24 text-center">
      <p className="text-sm font-semibold text-red-600">Something went wrong</p>
      <h1 className="mt-2 text-xl font-semibold">The page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-500">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button type="button" onClick={reset} className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        Try again
      </button>
    </div>
  );
}
