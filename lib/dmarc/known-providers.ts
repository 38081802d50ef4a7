// Mail providers and SaaS products that often send as a customer's domain, recognized by the
// networks they publish for sending (their SPF includes), by reverse-DNS names, and by the domains
// that authenticate their mail (DKIM d= / SPF MAIL FROM). A starting map, not an authority:
// vendors change their ranges, so keep it current from each vendor's published SPF record.

export interface KnownProvider {
  id: string;
  name: string;
  // The sender registry's vendor catalog id (lib/senders/vendor-catalog.ts), for "Register <vendor>".
  catalogVendor: string | null;
  ranges: readonly string[];
  // Matched as the name itself or any subdomain of it.
  hostSuffixes: readonly string[];
}

export const KNOWN_PROVIDERS: readonly KnownProvider[] = [
  {
    id: "google",
    name: "Google Workspace / Gmail",
    catalogVendor: null,
    ranges: [
      "209.85.128.0/17",
      "74.125.0.0/16",
      "108.177.8.0/21",
      "172.217.0.0/19",
      "35.190.247.0/24",
      "2607:f8b0:4000::/36",
      "2a00:1450:4000::/36",
    ],
    hostSuffixes: ["google.com", "googlemail.com", "gappssmtp.com"],
  },
  {
    id: "microsoft",
    name: "Microsoft 365",
    catalogVendor: null,
    ranges: [
      "40.92.0.0/15",
      "40.107.0.0/16",
      "52.100.0.0/14",
      "104.47.0.0/17",
      "2a01:111:f400::/48",
      "2a01:111:f403::/48",
    ],
    hostSuffixes: ["protection.outlook.com", "onmicrosoft.com"],
  },
  {
    id: "salesforce",
    name: "Salesforce",
    catalogVendor: "salesforce",
    ranges: ["13.108.16.0/20", "13.110.208.0/21", "96.43.144.0/20", "136.146.128.0/20", "182.50.76.0/22"],
    hostSuffixes: ["salesforce.com", "exacttarget.com"],
  },
  {
    id: "sendgrid",
    name: "SendGrid",
    catalogVendor: "other",
    ranges: ["167.89.0.0/17", "149.72.0.0/16", "168.245.0.0/17", "198.21.0.0/21", "50.31.32.0/19"],
    hostSuffixes: ["sendgrid.net"],
  },
  {
    id: "mailchimp",
    name: "Mailchimp",
    catalogVendor: "other",
    ranges: ["205.201.128.0/20", "198.2.128.0/18", "148.105.0.0/16"],
    hostSuffixes: ["mcsv.net", "rsgsv.net", "mcdlv.net", "mandrillapp.com"],
  },
  {
    id: "amazonses",
    name: "Amazon SES",
    catalogVendor: "other",
    ranges: [
      "54.240.0.0/18",
      "54.240.64.0/19",
      "69.169.224.0/20",
      "23.249.208.0/20",
      "23.251.224.0/19",
      "76.223.176.0/20",
    ],
    hostSuffixes: ["amazonses.com"],
  },
  // Workday sends from shared cloud infrastructure: recognized by its own domains, not by range.
  {
    id: "workday",
    name: "Workday",
    catalogVendor: "workday",
    ranges: [],
    hostSuffixes: ["myworkday.com", "workday.com"],
  },
  {
    id: "servicenow",
    name: "ServiceNow",
    catalogVendor: "servicenow",
    ranges: ["149.96.0.0/16", "148.139.0.0/16"],
    hostSuffixes: ["service-now.com", "servicenow.com"],
  },
  {
    id: "zendesk",
    name: "Zendesk",
    catalogVendor: "zendesk",
    ranges: ["192.161.144.0/20", "216.198.0.0/18"],
    hostSuffixes: ["zendesk.com"],
  },
  {
    id: "hubspot",
    name: "HubSpot",
    catalogVendor: "hubspot",
    ranges: ["143.244.80.0/20", "158.247.16.0/20"],
    hostSuffixes: ["hubspotemail.net", "hubspot.com", "hubspot.net"],
  },
];

export function providerByHost(name: string): KnownProvider | undefined {
  const host = name.toLowerCase().replace(/\.$/, "");
  return KNOWN_PROVIDERS.find((p) => p.hostSuffixes.some((s) => host === s || host.endsWith(`.${s}`)));
}
