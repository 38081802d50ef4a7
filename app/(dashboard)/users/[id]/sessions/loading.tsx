import { SessionsLoading } from "@/components/sessions/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";

export default function UserSessionsLoading() {
  return (
    <>
      <PageHeader title="Sessions" description="Loading…" />
      <Card>
        <SessionsLoading label="Loading the user's sessions" />
      </Card>
    </>
  );
}
