import type { Metadata } from "next";
import { DeliverabilityView } from "@/components/deliverability/deliverability-view";
import type { FilterParams } from "@/components/deliverability/filters-bar";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";
import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { deliverabilityFilterOptions } from "@/lib/deliverability/filter-options";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Deliverability" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PARAM_KEYS = ["range", "from", "to", "senderId", "fromDomain", "recipientDomain"] as const;

export default async function DeliverabilityPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("deliverability:read");
  const raw = await searchParams;
  const params: FilterParams = {};
  for (const key of PARAM_KEYS) {
    const value = Array.isArray(raw[key]) ? raw[key][0] : raw[key];
    if (value) params[key] = value;
  }
  // Invalid parameters (a hand-edited URL) show their field errors instead of failing the page.
  const [result, options] = await Promise.all([
    deliverabilityDashboard({ query: params }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "validation_failed") return error;
      throw error;
    }),
    deliverabilityFilterOptions(),
  ]);
  const invalid = result instanceof AppError ? { message: result.message, fieldErrors: result.fieldErrors } : undefined;
  return (
    <>
      <PageHeader
        title="Deliverability"
        description="What the relays accepted, delivered, deferred, bounced and rejected, from the rollups they report into."
      />
      <DeliverabilityView
        initial={result instanceof AppError ? null : result}
        params={params}
        options={options}
        invalid={invalid}
      />
    </>
  );
}
