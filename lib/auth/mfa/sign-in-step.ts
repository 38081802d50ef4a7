// The code next-auth carries back to the sign-in form when the password was right and the account
// needs its second factor: the form then asks for the code and signs in again with it.
export const MFA_REQUIRED = "mfa_required";
