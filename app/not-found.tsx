import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-24 text-center">
      <p className="text-sm font-semibold text-slate-500">404 — Not found</p>
      <h1 className="mt-2 text-xl font-semibold">There is nothing at this address</h1>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to the overview
      </Link>
    </div>
  );
}
