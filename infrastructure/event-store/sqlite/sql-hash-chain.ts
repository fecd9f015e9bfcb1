/** The hash chain over the events table (tamper evidence): filled in by the audit work. */
export const ADD_HASH_CHAIN = '';
