import type { Metadata } from "next";
import { headers } from "next/headers";
import { SettingRow } from "@/app/(dashboard)/settings/_components/setting-row";
import { SsoSection } from "@/app/(dashboard)/settings/_components/sso-section";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { ssoSettingsView } from "@/lib/auth/sso/sso-settings-view";
import { listSettingViews } from "@/lib/settings/setting-views";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { user } = await requirePage("settings:read");
  const editable = can(user.role, "settings:manage");
  const settings = await listSettingViews();
  const sso = await ssoSettingsView();
  const request = await headers();
  const origin = `${request.get("x-forwarded-proto") ?? "http"}://${request.get("host") ?? "localhost"}`;
  return (
    <>
      <PageHeader title="Settings" description="Deployment-wide settings. Every change is validated and audited." />
      <Card>
        {settings.map((setting) => (
          <SettingRow key={setting.key} setting={setting} editable={editable} />
        ))}
      </Card>
      <SsoSection view={sso} editable={editable} callbackUrl={`${origin}/api/auth/callback/sso`} />
    </>
  );
}
