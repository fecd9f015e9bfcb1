/** The IPN inbox: filled in by the IPN adapter work. */
export const CREATE_IPN_INBOX = '';
