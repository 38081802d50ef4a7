// The roles belong to the schema (the role enum); lib and components read them from here.
export { ROLES, type Role } from "@/db/schema/roles";
