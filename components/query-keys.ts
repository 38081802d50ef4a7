// The query-key factory: every react-query key of the app, in one place.
export const queryKeys = {
  relays: () => ["relays"] as const,
  // The Deliverability page's data for one range and set of filters (the URL's query string).
  deliverability: (filters: Record<string, string>) => ["deliverability", filters] as const,
};
