"use server";

import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import type { ActionResult } from "@/lib/auth/guard";
import { parseInput, statusOf, toErrorBody } from "@/lib/errors";
import { answerRecertification } from "@/lib/recertification/answer-recertification";
import { answerRecertificationSchema } from "@/lib/validations/recertification";

// Public on purpose: a sender's owner answers the link from their mail without an account. The
// single-use token (256 random bits, only its SHA-256 stored) is the authorization, checked by
// answerRecertification; a wrong token is a 404 that says nothing about any sender.
export async function answerRecertificationAction(
  input: unknown,
): Promise<ActionResult<{ outcome: string; reviewDateAfter: string | null }>> {
  try {
    const parsed = parseInput(answerRecertificationSchema, input);
    const ip = clientIpFrom(await headers());
    const answer = await answerRecertification({ input: parsed, ip });
    return { ok: true, data: { outcome: answer.outcome, reviewDateAfter: answer.reviewDateAfter } };
  } catch (error) {
    const body = toErrorBody(error, "action recertification answer");
    return { ok: false, status: statusOf(body), ...body };
  }
}
