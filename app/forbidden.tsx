import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-md py-24 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-red-600">403 — Forbidden</p>
      <h1 className="mt-2 text-xl font-semibold">Your role does not allow this page</h1>
      <p className="mt-2 text-sm text-slate-500">
        Ask an admin if you need access. Every attempt is checked on the server.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to the overview
      </Link>
    </div>
  );
}
