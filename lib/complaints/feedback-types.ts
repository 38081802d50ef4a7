// RFC 5965 abuse, fraud, other, virus; RFC 6650 not-spam; RFC 6591 auth-failure.
export const FEEDBACK_TYPES = ["abuse", "fraud", "virus", "other", "not-spam", "auth-failure"] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
