/** Why a reference id cannot be used (DOMAIN.md §2.6). */
export type ReferenceIdErrorCode =
  | 'DuplicateRequest'
  | 'DuplicateReferenceId';
