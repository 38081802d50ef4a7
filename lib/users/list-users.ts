import { asc, eq, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type User, users } from "@/db/schema";
import { toUserView, type UserView } from "./user-view";

export async function listUsers(db: Executor = getDb()): Promise<UserView[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map(toUserView);
}

export async function findUserById(id: string, db: Executor = getDb()): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function countUsersByRole(db: Executor = getDb()): Promise<Record<string, number>> {
  const rows = await db.select({ role: users.role, n: sql<number>`count(*)::int` }).from(users).groupBy(users.role);
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}
