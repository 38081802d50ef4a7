// GET/POST /api/auth/* – next-auth's own endpoints (session, CSRF token, credentials callback).
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
