import type { Metadata } from "next";
import Link from "next/link";
import { UploadComplaintsCard } from "@/app/(dashboard)/complaints/_components/upload-complaints-card";
import { ComplaintsTable } from "@/components/complaints/complaints-table";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listComplaints } from "@/lib/complaints/list-complaints";
import { AppError, parseInput } from "@/lib/errors";
import { listComplaintsSchema } from "@/lib/validations/complaints";

export const metadata: Metadata = { title: "Complaints" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ComplaintsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requirePage("senders:read");
  const raw = await searchParams;
  const before = Array.isArray(raw.before) ? raw.before[0] : raw.before;
  // A malformed cursor (parse) or one naming no position (listComplaints) is the same bad link.
  const list = async () => listComplaints(parseInput(listComplaintsSchema, { before }));
  const page = await list().catch((error: unknown) => {
    if (error instanceof AppError) return null;
    throw error;
  });
  return (
    <>
      <PageHeader
        title="Complaints"
        description="Feedback-loop reports (ARF) from mailbox providers, matched to the sender and message through the original Message-ID. Each report counts once towards the sender's complaint rate."
      />
      {can(user.role, "complaints:submit") ? (
        <div className="mb-6">
          <UploadComplaintsCard />
        </div>
      ) : null}
      <Card>
        <CardHeader
          title="Recent complaints"
          description="Newest first. Unmatched reports name a message no relay reported; check the provider's feedback-loop registration."
        />
        {page ? (
          <>
            <ComplaintsTable
              rows={page.rows}
              emptyText={before ? "No older complaints." : "No complaints recorded yet."}
            />
            <div className="flex items-center justify-between px-4 py-3 text-sm">
              {before ? (
                <Link href="/complaints" className="font-medium text-brand-600 hover:underline">
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {page.nextBefore ? (
                <Link
                  href={`/complaints?before=${page.nextBefore}`}
                  className="font-medium text-brand-600 hover:underline"
                  data-testid="complaints-older"
                >
                  Older →
                </Link>
              ) : (
                <span className="text-slate-400">End of list</span>
              )}
            </div>
          </>
        ) : (
          <div className="p-4">
            <Alert>
              That page link is not valid.{" "}
              <Link href="/complaints" className="underline">
                Show the newest complaints
              </Link>
              .
            </Alert>
          </div>
        )}
      </Card>
    </>
  );
}
