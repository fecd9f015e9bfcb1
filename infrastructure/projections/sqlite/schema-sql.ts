/** The projection tables analysts read: filled in by the projections work. */
export const CREATE_PROJECTION_TABLES = '';
