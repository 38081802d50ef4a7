import { describeScope, type SenderScope } from "./sender-scope";

// The mails of re-certification, plain text.
export function campaignMail(scope: SenderScope, link: string, expiresAt: Date) {
  return {
    subject: `Please confirm the sender "${scope.name}" is still needed`,
    text: [
      `Hello,`,
      ``,
      `You are listed as the contact for the mail sender "${scope.name}" (${scope.ownerTeam}).`,
      `Its review date is ${scope.reviewDate}. Please confirm it is still needed, unchanged:`,
      ``,
      ...describeScope(scope).map((line) => `  ${line}`),
      ``,
      link,
      ``,
      `The link works once and expires on ${expiresAt.toISOString().slice(0, 10)}.`,
      `If the sender is no longer needed, say so on the same page: security will retire it.`,
      ``,
      `Switchyard`,
    ].join("\n"),
  };
}

export function warningMail(scope: SenderScope, suspendOn: string, final: boolean) {
  return {
    subject: `${final ? "Final notice" : "Reminder"}: sender "${scope.name}" will be suspended on ${suspendOn}`,
    text: [
      `Hello,`,
      ``,
      `The mail sender "${scope.name}" (${scope.ownerTeam}) has not been re-certified; its review date was ${scope.reviewDate}.`,
      `It will be suspended automatically on ${suspendOn} unless it is re-certified before then.`,
      `Use the link of the re-certification mail you received, or ask the security team for a new one.`,
      ``,
      `Switchyard`,
    ].join("\n"),
  };
}

export function suspendedMail(scope: SenderScope, overdueDays: number) {
  return {
    subject: `Sender "${scope.name}" was suspended: not re-certified`,
    text: [
      `Hello,`,
      ``,
      `The mail sender "${scope.name}" (${scope.ownerTeam}) was suspended: its review date (${scope.reviewDate})`,
      `passed ${overdueDays} days ago without a re-certification. Contact the security team to resume it.`,
      ``,
      `Switchyard`,
    ].join("\n"),
  };
}
