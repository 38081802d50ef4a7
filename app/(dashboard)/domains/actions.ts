"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { addDomain } from "@/lib/domains/add-domain";
import { generateDkimKey } from "@/lib/domains/generate-dkim-key";
import { retireDkimKey } from "@/lib/domains/retire-dkim-key";
import { rotateDkimKey } from "@/lib/domains/rotate-dkim-key";

function revalidateDomain(domainId: string) {
  revalidatePath("/domains");
  revalidatePath(`/domains/${domainId}`);
}

// Each action authenticates and checks domains:manage on the server before any work. Results
// carry key views only: a private key never leaves the server.
const guardedAdd = guardedAction("domains:manage", async ({ actor }, input) => {
  const added = await addDomain({ actor, input });
  revalidateDomain(added.domain.id);
  return added;
});
const guardedGenerate = guardedAction("domains:manage", async ({ actor }, input) => {
  const generated = await generateDkimKey({ actor, input });
  revalidateDomain(generated.key.domainId);
  return generated;
});
const guardedRotate = guardedAction("domains:manage", async ({ actor }, input) => {
  const rotated = await rotateDkimKey({ actor, input });
  revalidateDomain(rotated.key.domainId);
  return rotated;
});
const guardedRetire = guardedAction("domains:manage", async ({ actor }, input) => {
  const retired = await retireDkimKey({ actor, input });
  revalidateDomain(retired.key.domainId);
  return retired;
});

export async function addDomainAction(input: unknown) {
  return guardedAdd(input);
}
export async function generateDkimKeyAction(input: unknown) {
  return guardedGenerate(input);
}
export async function rotateDkimKeyAction(input: unknown) {
  return guardedRotate(input);
}
export async function retireDkimKeyAction(input: unknown) {
  return guardedRetire(input);
}
