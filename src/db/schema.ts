/** The database's table types, composed from each domain's own table definitions. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
