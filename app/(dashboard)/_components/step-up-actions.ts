"use server";

import { selfServiceAction } from "@/lib/auth/guard";
import { stepUp } from "@/lib/auth/step-up";
import { stepUpSchema } from "@/lib/validations/mfa";

// "Confirm it's you" before a dangerous action: password (and code), then the action is retried.
export const stepUpAction = selfServiceAction(stepUpSchema, (context, input) => stepUp({ context, input }));
