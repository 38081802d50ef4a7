// A dashboard session lasts 8 hours; a disabled user or a reset password ends it sooner.
export const SESSION_MAX_AGE_S = 8 * 60 * 60;
export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"];
