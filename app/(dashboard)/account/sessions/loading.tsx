import { SessionsLoading } from "@/components/sessions/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";

export default function AccountSessionsLoading() {
  return (
    <>
      <PageHeader title="Sessions" description="Loading…" />
      <Card>
        <SessionsLoading label="Loading your sessions" />
      </Card>
    </>
  );
}
