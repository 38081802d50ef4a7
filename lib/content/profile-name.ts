import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/server/db-errors";

// Profile names are unique (relays and reject texts name them).
export function rethrowDuplicateName(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error) && name !== undefined) {
    throw new AppError("conflict", `A content profile named ${name} already exists`, {
      name: ["A content profile with this name already exists"],
    });
  }
  throw error;
}
