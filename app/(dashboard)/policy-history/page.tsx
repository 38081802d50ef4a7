import type { Metadata } from "next";
import Link from "next/link";
import { CompareForm } from "@/components/policy-history/compare-form";
import { VersionDiffView } from "@/components/policy-history/version-diff-view";
import { VersionTable } from "@/components/policy-history/version-table";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { listPolicyVersions } from "@/lib/policy-history/list-versions";
import { type PolicyVersionDiff, policyVersionDiff } from "@/lib/policy-history/version-diff";
import { policyHistoryPageSchema } from "@/lib/validations/policy-history";

export const metadata: Metadata = { title: "Policy history" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

async function diffOrMessage(version: number, against?: number): Promise<PolicyVersionDiff | string> {
  try {
    return await policyVersionDiff({ input: { version, against } });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return error.message;
    throw error;
  }
}

export default async function PolicyHistoryPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("policy_history:read");
  const params = await searchParams;
  const raw = { before: first(params.before), v: first(params.v), against: first(params.against) };
  const parsed = policyHistoryPageSchema.safeParse(raw);
  const query = parsed.success ? parsed.data : { before: undefined, limit: 25, v: undefined, against: undefined };
  const page = await listPolicyVersions({ before: query.before, limit: query.limit });
  // Without a choice: the newest version on this page against the one before it.
  const selected = query.v ?? page.versions[0]?.version ?? null;
  const diff = parsed.success && selected ? await diffOrMessage(selected, query.against) : null;
  const link = (extra: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({ before: query.before, ...extra }))
      if (v !== undefined) search.set(k, String(v));
    return `/policy-history?${search}`;
  };
  return (
    <>
      <PageHeader
        title="Policy history"
        description="Every version of the policy relays enforce, without its secrets: compare any two, with the audit entries that made them and the relays that applied them."
      />
      <Card className="mb-6">
        <CompareForm
          version={raw.v || (selected ? String(selected) : undefined)}
          against={raw.against}
          errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)}
        />
        {!parsed.success ? (
          <div className="px-4 pb-4">
            <Alert>Fix the versions above to compare them.</Alert>
          </div>
        ) : typeof diff === "string" ? (
          <div className="px-4 pb-4">
            <Alert testId="diff-missing">{diff}</Alert>
          </div>
        ) : diff ? (
          <VersionDiffView diff={diff} />
        ) : null}
      </Card>
      <Card>
        <CardHeader title="Versions" description="Newest first. Click a version to compare it with the one before." />
        <VersionTable versions={page.versions} selected={selected} hrefFor={(version) => link({ v: version })} />
        <div className="flex items-center justify-between px-4 py-3 text-sm">
          {query.before ? (
            <Link href="/policy-history" className="font-medium text-brand-600 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextBefore ? (
            <Link
              href={`/policy-history?before=${page.nextBefore}`}
              className="font-medium text-brand-600 hover:underline"
              data-testid="versions-older"
            >
              Older →
            </Link>
          ) : (
            <span className="text-slate-400">{page.versions.length ? "First version" : ""}</span>
          )}
        </div>
      </Card>
    </>
  );
}
