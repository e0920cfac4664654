// PostgREST's schema cache for the exposed schema `public`: relations and
// their columns, keys, the relationships embedding can follow (many-to-one,
// one-to-many, one-to-one, many-to-many through a junction table), the
// functions /rpc can call, and the per-role settings PostgREST applies.
//
// Every identifier a request names is looked up here before any SQL is
// written, so unknown names are answered from the cache and never reach the
// database. The cache reloads on `notify pgrst, 'reload schema'` (sent by the
// event triggers of bootstrap/50_rest.sql) and, when a lookup misses, checks
// the DDL generation counter first so a table created a moment ago is found.
//
// schema_catalog.ts reads the catalog, schema_relationships.ts works out the
// relationships; this file builds the snapshot and keeps it current.

import type { Sql } from "../context.ts";
import {
  type CatalogRows,
  type ConstraintRow,
  readCatalog,
  readGeneration,
  type RelationRow,
  type RoutineRow,
  type SettingRow,
} from "./schema_catalog.ts";
import { buildRelationships } from "./schema_relationships.ts";

export { EXPOSED_SCHEMA } from "./schema_catalog.ts";

export interface Column {
  name: string;
  /** format_type() with an empty search_path: schema-qualified when not built in */
  type: string;
  nullable: boolean;
  /** the column default as SQL, qualified; null when there is none */
  defaultSql: string | null;
  /** "a" (always) / "d" (by default) identity, "" otherwise */
  identity: string;
  /** "s" for a stored generated column, "" otherwise */
  generated: string;
}

export type RelationKind = "table" | "view" | "materialized view" | "foreign table";

export interface Relation {
  name: string;
  kind: RelationKind;
  columns: Map<string, Column>;
  columnList: Column[];
  primaryKey: string[];
  /** primary key and unique constraints, each as its column list */
  uniqueKeys: string[][];
}

export type Cardinality = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";

export interface Relationship {
  cardinality: Cardinality;
  /** the relation the embed starts from */
  origin: string;
  /** the embedded relation */
  target: string;
  /** the foreign key's constraint name (for many-to-many: the junction table) */
  constraint: string;
  /** column pairs origin.column = target.column, for direct relationships */
  originColumns: string[];
  targetColumns: string[];
  junction?: {
    table: string;
    originConstraint: string;
    targetConstraint: string;
    /** junction columns referencing the origin's originColumns */
    originJoinColumns: string[];
    /** junction columns referencing the target's targetColumns */
    targetJoinColumns: string[];
  };
}

export interface RoutineParam {
  name: string;
  type: string;
  hasDefault: boolean;
}

export interface Routine {
  name: string;
  /** input parameters in declaration order */
  params: RoutineParam[];
  volatility: "immutable" | "stable" | "volatile";
  returnsSet: boolean;
  returnType: string;
  /** scalar: one value per row; composite: named columns; void: nothing */
  returnKind: "scalar" | "composite" | "void";
  /** output columns for composite results */
  returnColumns: Column[];
  /** the exposed table whose row type the function returns, for embedding */
  returnRelation: string | null;
}

export interface SchemaSnapshot {
  generation: number;
  relations: Map<string, Relation>;
  /** relationships by origin relation name */
  relationships: Map<string, Relationship[]>;
  routines: Map<string, Routine[]>;
  /** settings PostgREST applies per role (e.g. statement_timeout), user-settable only */
  roleSettings: Map<string, Array<[string, string]>>;
  /** pg_timezone_names, for Prefer: timezone */
  timeZones: Set<string>;
}

const KIND_BY_RELKIND: Record<string, RelationKind> = {
  r: "table",
  p: "table",
  v: "view",
  m: "materialized view",
  f: "foreign table",
};

/**
 * One snapshot read. `timeZones` is the pg_timezone_names set from an earlier
 * load: it only changes with the server's tzdata, not with DDL, so it is read once.
 */
async function loadSnapshot(adminSql: Sql, timeZones: Set<string> | null): Promise<SchemaSnapshot> {
  return await adminSql.begin("isolation level repeatable read read only", async (tx) => {
    const catalog = await readCatalog(tx);
    const zones = timeZones ??
      new Set(
        (await tx.unsafe<Array<{ name: string }>>(`select name from pg_catalog.pg_timezone_names`)).map((z) => z.name),
      );
    return { ...buildSnapshot(catalog), timeZones: zones };
  });
}

/** The snapshot the catalog rows describe (timeZones left empty: loadSnapshot adds them). */
function buildSnapshot(catalog: CatalogRows): SchemaSnapshot {
  const { relations, foreignKeys } = buildRelations(catalog.relationRows, catalog.constraintRows);
  return {
    generation: catalog.generation,
    relations,
    relationships: buildRelationships(relations, foreignKeys, catalog.relationRows, catalog.viewRows),
    routines: buildRoutines(catalog.routineRows),
    roleSettings: buildRoleSettings(catalog.settingRows),
    timeZones: new Set(),
  };
}

/** Relations with their columns and keys, and the foreign keys between exposed relations. */
function buildRelations(
  relationRows: RelationRow[],
  constraintRows: ConstraintRow[],
): { relations: Map<string, Relation>; foreignKeys: ConstraintRow[] } {
  const relations = new Map<string, Relation>();
  for (const row of relationRows) {
    const columnList: Column[] = (row.columns ?? []).map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      defaultSql: c.default_sql,
      identity: c.identity,
      generated: c.generated,
    }));
    relations.set(row.name, {
      name: row.name,
      kind: KIND_BY_RELKIND[row.relkind],
      columns: new Map(columnList.map((c) => [c.name, c])),
      columnList,
      primaryKey: [],
      uniqueKeys: [],
    });
  }
  const foreignKeys: ConstraintRow[] = [];
  for (const con of constraintRows) {
    const relation = relations.get(con.table_name);
    if (!relation) continue;
    if (con.contype === "p") relation.primaryKey = con.columns;
    if (con.contype === "p" || con.contype === "u") relation.uniqueKeys.push(con.columns);
    if (con.contype === "f" && con.ref_table && relations.has(con.ref_table)) foreignKeys.push(con);
  }
  return { relations, foreignKeys };
}

/** The functions /rpc can call, overloads together, with their parameters and what they return. */
function buildRoutines(routineRows: RoutineRow[]): Map<string, Routine[]> {
  const routines = new Map<string, Routine[]>();
  for (const row of routineRows) {
    const types = row.arg_types ?? [];
    const modes = row.arg_modes ?? types.map(() => "i");
    const names = row.arg_names ?? [];
    const inputs: Array<{ name: string; type: string }> = [];
    const outputs: Column[] = [];
    types.forEach((type, i) => {
      const mode = modes[i] ?? "i";
      const name = names[i] ?? "";
      if (mode === "i" || mode === "b" || mode === "v") inputs.push({ name, type });
      if (mode === "o" || mode === "b" || mode === "t") outputs.push(plainColumn(name, type));
    });
    const firstDefault = inputs.length - row.default_count;
    const params = inputs.map((p, i) => ({ ...p, hasDefault: i >= firstDefault }));
    let returnKind: Routine["returnKind"] = "scalar";
    let returnColumns: Column[] = [];
    if (row.return_type === "void") returnKind = "void";
    else if (outputs.length > 1 || (outputs.length === 1 && row.return_typtype === "c")) {
      returnKind = "composite";
      returnColumns = outputs;
    } else if (row.return_attributes) {
      returnKind = "composite";
      returnColumns = row.return_attributes.map((a) => plainColumn(a.name, a.type));
    }
    const routine: Routine = {
      name: row.name,
      params,
      volatility: row.volatility === "i" ? "immutable" : row.volatility === "s" ? "stable" : "volatile",
      returnsSet: row.returns_set,
      returnType: row.return_type,
      returnKind,
      returnColumns,
      returnRelation: row.return_relation,
    };
    routines.set(row.name, [...(routines.get(row.name) ?? []), routine]);
  }

  return routines;
}

/** Per-role settings PostgREST applies; a database-specific setting replaces the global one. */
function buildRoleSettings(settingRows: SettingRow[]): Map<string, Array<[string, string]>> {
  const roleSettings = new Map<string, Array<[string, string]>>();
  for (const row of settingRows) {
    const list = roleSettings.get(row.role) ?? [];
    // database-specific settings come after the global ones and win
    const existing = list.findIndex(([name]) => name === row.name);
    if (existing >= 0) list.splice(existing, 1);
    list.push([row.name, row.value]);
    roleSettings.set(row.role, list);
  }
  return roleSettings;
}

function plainColumn(name: string, type: string): Column {
  return { name, type, nullable: true, defaultSql: null, identity: "", generated: "" };
}

export class SchemaCache {
  #snapshot: SchemaSnapshot | null = null;
  #loading: Promise<SchemaSnapshot> | null = null;
  #dirty = false;

  constructor(private readonly adminSql: Sql) {}

  /**
   * The current snapshot, loading it on first use. During a load it waits for
   * that load without queueing another: a request is no reason to re-read the
   * catalog, and names the load missed are caught by refreshIfStale.
   */
  async current(): Promise<SchemaSnapshot> {
    if (this.#loading) return await this.#loading;
    if (this.#snapshot) return this.#snapshot;
    return await this.reload();
  }

  /** Reloads; concurrent callers share one load, and a request for another during a load queues one more. */
  reload(): Promise<SchemaSnapshot> {
    if (this.#loading) {
      this.#dirty = true;
      return this.#loading;
    }
    const run = async (): Promise<SchemaSnapshot> => {
      try {
        do {
          this.#dirty = false;
          this.#snapshot = await loadSnapshot(this.adminSql, this.#snapshot?.timeZones ?? null);
        } while (this.#dirty);
        return this.#snapshot;
      } finally {
        this.#loading = null;
      }
    };
    this.#loading = run();
    return this.#loading;
  }

  /**
   * After a lookup missed: reload when DDL committed since the snapshot was
   * taken (the notification may still be on its way). True when reloaded.
   */
  async refreshIfStale(): Promise<boolean> {
    if (this.#loading) {
      await this.#loading;
      return true;
    }
    const generation = await readGeneration(this.adminSql);
    if (this.#snapshot && generation === this.#snapshot.generation) return false;
    await this.reload();
    return true;
  }

  /** Follows `notify pgrst` as PostgREST does; returns a function that stops listening. */
  async listen(): Promise<() => Promise<void>> {
    const { unlisten } = await this.adminSql.listen("pgrst", (payload) => {
      if (payload === "" || payload === "reload schema") {
        this.reload().catch((error) => console.error("rest: schema cache reload failed:", error));
      }
    });
    return unlisten;
  }
}
