// The query-key factory: every react-query key of the app, in one place.
export const queryKeys = {
  relays: () => ["relays"] as const,
};
