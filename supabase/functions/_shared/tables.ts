// The generated database types (database.types.ts, written by `npm run
// db:types` from the migrations) in the forms the functions use. The mappers'
// row shapes and the proxies' typed reads are built from these, so a migration
// that renames, drops or retypes a column the sync writes or reads makes
// `deno check` fail where the code uses it, instead of a run failing later.

import type { Database } from "./database.types.ts";

type PublicSchema = Database["public"];

export type TableName = keyof PublicSchema["Tables"];

/** A row as the table returns it. */
export type Row<T extends TableName> = PublicSchema["Tables"][T]["Row"];

/** A row as the table accepts it (columns with defaults optional). */
export type Insert<T extends TableName> = PublicSchema["Tables"][T]["Insert"];

export type Enum<E extends keyof PublicSchema["Enums"]> = PublicSchema["Enums"][E];

/**
 * The columns K of a table's insert shape, each present (a writer sends every
 * one it knows, null when the provider did not say). Narrow a column further by
 * intersecting, e.g. `& { ticketmaster_id: string }` where the mapper always has one.
 */
export type WriteShape<T extends TableName, K extends keyof Insert<T>> = {
  [C in K]-?: Exclude<Insert<T>[C], undefined>;
};

/** The columns K of a table's row, as a query selecting them returns them. */
export type ReadShape<T extends TableName, K extends keyof Row<T>> = Pick<Row<T>, K>;
