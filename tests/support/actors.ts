import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/create-user";

let counter = 0;

// A real user of the given role in the test database, and the Actor that acts as them.
export async function makeActor(role: Role): Promise<Actor> {
  counter++;
  const { user } = await createUser({
    actor: SYSTEM_ACTOR,
    input: {
      email: `${role}${counter}-${process.pid}@test.local`,
      name: `${role} ${counter}`,
      role,
      password: "correct horse battery staple",
    },
  });
  return { kind: "user", id: user.id, label: user.email, role: user.role, ip: "203.0.113.7" };
}
