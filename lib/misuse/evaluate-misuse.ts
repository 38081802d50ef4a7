import { checkAuthFailures, checkRejectedFrom } from "./detect-bursts";
import { checkSources } from "./detect-sources";
import { checkVolume } from "./detect-volume";
import { sendersDetectedThisHour } from "./detected-this-hour";
import type { MisuseInputs } from "./misuse-inputs";
import { type Reaction, reactToDetection } from "./react-to-detection";

// Runs the four rules over what the events touched and reacts to each detection (alert, and the
// kill switch where the sender's reaction for that rule is "suspend").
export async function evaluateMisuse({
  inputs,
  now = new Date(),
}: {
  inputs: MisuseInputs;
  now?: Date;
}): Promise<Reaction[]> {
  const volume = await checkVolume({ senderIds: [...inputs.volumeSenders], now });
  const rejectedFromSenders = [...inputs.rejectedFromSenders];
  const rejectedFromDetected = await sendersDetectedThisHour({
    rule: "rejected_from",
    subject: "",
    senderIds: rejectedFromSenders,
    now,
  });
  const detections = [
    ...volume.detections,
    ...(await checkSources({ uses: inputs.networkUses, now })),
    ...(await checkAuthFailures({ usernames: [...inputs.authUsernames], now })),
    ...(await checkRejectedFrom({ senderIds: rejectedFromSenders.filter((id) => !rejectedFromDetected.has(id)), now })),
  ];
  const reactions: Reaction[] = [];
  for (const detection of detections) {
    const reaction = await reactToDetection(detection, now);
    if (reaction) reactions.push(reaction);
  }
  return reactions;
}
