// SPF includes that authorize servers shared by every customer of a service. Including one lets
// any customer of that service - not only you - pass SPF for your domain, and, where the service
// lets a customer choose its envelope (bounce) domain, pass DMARC as you through SPF alignment.
// Per-customer includes (e.g. HubSpot's "<id>.spf0x.hubspotemail.net") are not listed: they are
// yours alone.

export interface SharedSpfInclude {
  // The include target; subdomains of it match too.
  domain: string;
  vendor: string;
  // Mail providers for your own mailboxes are expected and reported as info; bulk/SaaS senders warn.
  severity: "warning" | "info";
}

export const SHARED_SPF_INCLUDES: readonly SharedSpfInclude[] = [
  { domain: "sendgrid.net", vendor: "SendGrid", severity: "warning" },
  { domain: "mailgun.org", vendor: "Mailgun", severity: "warning" },
  { domain: "servers.mcsv.net", vendor: "Mailchimp", severity: "warning" },
  { domain: "spf.mandrillapp.com", vendor: "Mailchimp Transactional (Mandrill)", severity: "warning" },
  { domain: "amazonses.com", vendor: "Amazon SES", severity: "warning" },
  { domain: "_spf.salesforce.com", vendor: "Salesforce", severity: "warning" },
  { domain: "service-now.com", vendor: "ServiceNow", severity: "warning" },
  { domain: "mail.zendesk.com", vendor: "Zendesk", severity: "warning" },
  { domain: "sparkpostmail.com", vendor: "SparkPost", severity: "warning" },
  { domain: "spf.brevo.com", vendor: "Brevo (Sendinblue)", severity: "warning" },
  { domain: "spf.sendinblue.com", vendor: "Brevo (Sendinblue)", severity: "warning" },
  { domain: "mktomail.com", vendor: "Marketo", severity: "warning" },
  { domain: "spf.protection.outlook.com", vendor: "Microsoft 365", severity: "info" },
];

export function sharedIncludeFor(target: string): SharedSpfInclude | undefined {
  const name = target.toLowerCase().replace(/\.$/, "");
  return SHARED_SPF_INCLUDES.find((s) => name === s.domain || name.endsWith(`.${s.domain}`));
}

export function sharedIncludeRisk(shared: SharedSpfInclude, domain: string): { title: string; fix: string } {
  if (shared.severity === "info") {
    return {
      title: `SPF includes ${shared.domain} (${shared.vendor}): every ${shared.vendor} tenant's servers pass SPF for ${domain}`,
      fix: `Expected if your mailboxes are on ${shared.vendor}. Make sure its mail is DKIM-signed for ${domain}, so DMARC does not rest on this shared SPF authorization alone.`,
    };
  }
  return {
    title: `SPF includes ${shared.domain}: any ${shared.vendor} customer can pass SPF as ${domain}`,
    fix:
      `The servers behind ${shared.domain} are shared by every ${shared.vendor} account, so anyone with an account there passes SPF for ${domain} ` +
      `and can pass DMARC through SPF alignment. Send that mail through the Switchyard relay as a registered sender instead, or give ${shared.vendor} ` +
      `its own subdomain (for example em.${domain}) with its own SPF and DKIM, then remove include:${shared.domain} from ${domain}.`,
  };
}
