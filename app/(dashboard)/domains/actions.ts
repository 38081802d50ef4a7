"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { addDomain } from "@/lib/domains/add-domain";
import { generateDkimKey } from "@/lib/domains/generate-dkim-key";
import { retireDkimKey } from "@/lib/domains/retire-dkim-key";
import { rotateDkimKey } from "@/lib/domains/rotate-dkim-key";
import {
  addDomainSchema,
  generateDkimKeySchema,
  retireDkimKeySchema,
  rotateDkimKeySchema,
} from "@/lib/validations/domains";

function revalidateDomain(domainId: string) {
  revalidatePath("/domains");
  revalidatePath(`/domains/${domainId}`);
}

// Each action authenticates and checks domains:manage on the server, then parses its input, before
// any work. Results carry key views only: a private key never leaves the server.
export const addDomainAction = guardedAction("domains:manage", addDomainSchema, async ({ actor }, input) => {
  const added = await addDomain({ actor, input });
  revalidateDomain(added.domain.id);
  return added;
});

export const generateDkimKeyAction = guardedAction(
  "domains:manage",
  generateDkimKeySchema,
  async ({ actor }, input) => {
    const generated = await generateDkimKey({ actor, input });
    revalidateDomain(generated.key.domainId);
    return generated;
  },
);

export const rotateDkimKeyAction = guardedAction("domains:manage", rotateDkimKeySchema, async ({ actor }, input) => {
  const rotated = await rotateDkimKey({ actor, input });
  revalidateDomain(rotated.key.domainId);
  return rotated;
});

export const retireDkimKeyAction = guardedAction("domains:manage", retireDkimKeySchema, async ({ actor }, input) => {
  const retired = await retireDkimKey({ actor, input });
  revalidateDomain(retired.key.domainId);
  return retired;
});
