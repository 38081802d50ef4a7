// The built-in catalog of SaaS products that send mail through the relay, and where in each product
// an administrator enters the relay. Guidance is our own summary; menu names drift between vendor
// releases, so each entry says what to look for rather than promising an exact click path.

export interface RelayConnection {
  // From settings relay.submissionHost / relay.submissionPort.
  host: string;
  port: number;
}

export interface SaasVendor {
  id: string;
  name: string;
  // Where in the product the relay is configured, in a few words.
  where: string;
  steps: (relay: RelayConnection) => string[];
  // Caveats worth knowing before starting (plan limits, cloud vs self-hosted editions).
  notes?: string[];
}

const credentialStep =
  "Use the SMTP username and secret issued on this sender's Credentials panel (the secret is shown only once, when issued).";
const tlsStep = (port: number) =>
  `Require TLS: the relay offers STARTTLS on port ${port} and refuses AUTH before the session is encrypted.`;
const testStep = "Send a test message, then check this sender's delivery events here to confirm the relay accepted it.";

export const VENDOR_CATALOG: readonly SaasVendor[] = [
  {
    id: "salesforce",
    name: "Salesforce",
    where: "Setup → Email → Email Relays (with an Email Domain Filter)",
    steps: ({ host, port }) => [
      "In Setup, search for Email Relays and create a new relay.",
      `Enter ${host} as the host and pick port ${port} from the port list.`,
      "Set the TLS setting to Required Verify; Salesforce needs that before it will authenticate.",
      `Turn on SMTP authentication (PLAIN or LOGIN both work). ${credentialStep}`,
      "Create an Email Domain Filter that sends mail from your allowed From domains through this relay, then activate the relay.",
      testStep,
    ],
    notes: [
      "Salesforce only relays mail whose sender domain matches a domain filter, so list every From domain registered on this sender.",
      "Salesforce offers only ports 25, 587, 10025 and 11025 for a relay: the relay's submission port must be one of them.",
    ],
  },
  {
    id: "servicenow",
    name: "ServiceNow",
    where: "System Mailboxes → Administration → Email Accounts (an SMTP account)",
    steps: ({ host, port }) => [
      "Open the Email Accounts list and create a new account of type SMTP (an instance uses one active SMTP account at a time).",
      `Set the server to ${host} and the port to ${port}.`,
      "Choose password authentication and STARTTLS as the connection security.",
      `${credentialStep} ServiceNow uses the account's user name as the default From address, so set the "from" address explicitly to an allowed address.`,
      "Activate the new account and deactivate the ServiceNow-provided SMTP account; make sure email sending is enabled in the email properties.",
      testStep,
    ],
  },
  {
    id: "workday",
    name: "Workday",
    where: "Tenant notification setup (custom outbound mail is enabled per tenant)",
    steps: ({ host, port }) => [
      "Ask your Workday administrator whether your tenant can deliver notifications through a customer mail server; on many tenants this is switched on through a Workday support case.",
      `Give them the relay host ${host}, port ${port}, and tell them the relay requires STARTTLS and SMTP AUTH.`,
      credentialStep,
      "Check that the notification From address set in the tenant uses one of this sender's allowed From domains.",
      testStep,
    ],
    notes: [
      "Where a tenant cannot use a custom mail server, Workday sends from its own infrastructure: register its From domain with SPF/DKIM instead of using the relay.",
    ],
  },
  {
    id: "zendesk",
    name: "Zendesk",
    where: "Admin Center → Channels → Email → authenticated SMTP connector",
    steps: ({ host, port }) => [
      "In Admin Center open the email channel settings and add (or convert) a support address using the authenticated SMTP connector, outbound only.",
      `For the outbound server enter ${host}, port ${port}, with TLS required.`,
      credentialStep,
      "Keep inbound mail on standard forwarding to Zendesk; only outbound mail goes through the relay.",
      testStep,
    ],
    notes: ["The SMTP connector is available on the higher Zendesk plans only."],
  },
  {
    id: "hubspot",
    name: "HubSpot",
    where: "Settings → connected email / inbox (IMAP/SMTP, other provider)",
    steps: ({ host, port }) => [
      "In HubSpot settings, connect a team or personal email and choose the option for another email provider using IMAP and SMTP.",
      `For the outgoing (SMTP) server enter ${host} and port ${port}, with STARTTLS.`,
      credentialStep,
      testStep,
    ],
    notes: [
      "This covers one-to-one and conversation mail sent through a connected inbox. HubSpot marketing mail is sent from HubSpot's own servers; authenticate that with the domain's SPF/DKIM records instead.",
    ],
  },
  {
    id: "marketo",
    name: "Marketo (Adobe Marketo Engage)",
    where: "Admin → Email (sender domains); relay routing by arrangement with Adobe",
    steps: ({ host, port }) => [
      "Marketo sends campaign mail from Adobe's own mail servers and has no self-service setting to route it through a customer relay.",
      `If your contract includes routing through your own mail server, open a case with Adobe support and give them ${host}, port ${port}, STARTTLS required, and the credential below.`,
      credentialStep,
      "Otherwise keep this sender in the registry for ownership and review, and authenticate the From domain with SPF/DKIM in Marketo's email admin settings.",
    ],
  },
  {
    id: "atlassian",
    name: "Atlassian (Jira, Confluence)",
    where: "Administration → System → Outgoing Mail (Data Center editions)",
    steps: ({ host, port }) => [
      "In the Jira or Confluence administration area open Outgoing Mail and configure a new SMTP mail server.",
      `Enter ${host} as the host name and ${port} as the port, protocol SMTP, and tick the TLS option.`,
      credentialStep,
      "Set the From address to one of this sender's allowed From addresses.",
      testStep,
    ],
    notes: ["Atlassian Cloud sends from Atlassian's servers; a custom SMTP server is a Data Center feature."],
  },
  {
    id: "github",
    name: "GitHub Enterprise Server",
    where: "Management Console → Settings → Email",
    steps: ({ host, port }) => [
      "In the Management Console of your GitHub Enterprise Server appliance open the email settings and enable email.",
      `Enter ${host} as the server address and ${port} as the port; choose LOGIN or PLAIN authentication and enable STARTTLS.`,
      credentialStep,
      "Set the no-reply address to an address in one of this sender's allowed From domains, save, and apply the configuration.",
      testStep,
    ],
    notes: ["GitHub.com (including GitHub Enterprise Cloud) sends from GitHub's own servers and cannot use the relay."],
  },
  {
    id: "okta",
    name: "Okta",
    where: "Admin Console → email provider settings → custom SMTP server",
    steps: ({ host, port }) => [
      "In the Okta Admin Console open the email provider settings (under Customizations → Emails in current consoles) and choose a custom SMTP server.",
      `Enter ${host} as the host and ${port} as the port; Okta always uses TLS.`,
      credentialStep,
      "Use an allowed From address for Okta's sender, save, and send Okta's test email.",
      testStep,
    ],
  },
  {
    id: "sap_successfactors",
    name: "SAP SuccessFactors",
    where: "Outbound mail routing set up by SAP Cloud Support (Learning has its own SMTP settings)",
    steps: ({ host, port }) => [
      "SuccessFactors routes outgoing mail through a customer mail server when SAP Cloud Support configures it: open a case for your company ID and data center.",
      `Give them the relay host ${host}, port ${port}, STARTTLS required, and the routing condition (which mail to send through the relay).`,
      credentialStep,
      "For SuccessFactors Learning, the mail server, SMTP authentication flag and SMTP user are global settings in the Learning system administration.",
      testStep,
    ],
  },
  {
    id: "other",
    name: "Other SaaS product",
    where: "The product's outbound email / SMTP server settings",
    steps: ({ host, port }) => [
      "Find the product's setting for a custom outgoing (SMTP) mail server; it is often called SMTP relay, mail server or email provider.",
      `Enter ${host} as the server and ${port} as the port.`,
      tlsStep(port),
      credentialStep,
      "Set the From address to one of this sender's allowed From addresses.",
      testStep,
    ],
  },
];

export const VENDOR_IDS = VENDOR_CATALOG.map((v) => v.id);

export function findVendor(id: string | null | undefined): SaasVendor | undefined {
  return id ? VENDOR_CATALOG.find((v) => v.id === id) : undefined;
}

export function vendorName(id: string | null | undefined): string | null {
  return findVendor(id)?.name ?? (id || null);
}
