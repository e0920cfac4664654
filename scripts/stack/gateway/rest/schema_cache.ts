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

import type { Sql } from "../context.ts";

export const EXPOSED_SCHEMA = "public";

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

interface RelationRow {
  oid: string;
  name: string;
  relkind: string;
  columns:
    | Array<{
      attnum: number;
      name: string;
      type: string;
      nullable: boolean;
      default_sql: string | null;
      identity: string;
      generated: string;
    }>
    | null;
}

interface ConstraintRow {
  name: string;
  contype: string;
  table_name: string;
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

interface RoutineRow {
  name: string;
  volatility: string;
  returns_set: boolean;
  return_type: string;
  return_typtype: string;
  return_relation: string | null;
  return_attributes: Array<{ name: string; type: string }> | null;
  arg_types: string[] | null;
  arg_modes: string[] | null;
  arg_names: string[] | null;
  default_count: number;
}

/** The DDL generation counter of bootstrap/50_rest.sql; -1 on a cluster bootstrapped without it. */
async function readGeneration(sql: Pick<Sql, "unsafe">): Promise<number> {
  const [{ present }] = await sql.unsafe(
    `select pg_catalog.to_regclass('extensions.local_pgrst_schema_generation') is not null as present`,
  );
  if (!present) return -1;
  const [row] = await sql.unsafe(`select generation::text from extensions.local_pgrst_schema_generation`);
  return Number(row?.generation ?? -1);
}

/**
 * One snapshot read. `timeZones` is the pg_timezone_names set from an earlier
 * load: it only changes with the server's tzdata, not with DDL, so it is read once.
 */
async function loadSnapshot(adminSql: Sql, timeZones: Set<string> | null): Promise<SchemaSnapshot> {
  return await adminSql.begin("isolation level repeatable read read only", async (tx) => {
    // qualified names in defaults and types, whatever the connection's search_path
    await tx.unsafe(`set local search_path = ''`);
    const generation = await readGeneration(tx);
    const relationRows = await tx.unsafe<RelationRow[]>(
      `
      select c.oid::text as oid, c.relname as name, c.relkind::text as relkind,
        (select json_agg(json_build_object(
            'attnum', a.attnum,
            'name', a.attname,
            'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
            'nullable', not a.attnotnull,
            'default_sql', pg_catalog.pg_get_expr(d.adbin, d.adrelid),
            'identity', a.attidentity::text,
            'generated', a.attgenerated::text) order by a.attnum)
          from pg_catalog.pg_attribute a
          left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'f')
    `,
      [EXPOSED_SCHEMA],
    );
    const constraintRows = await tx.unsafe<ConstraintRow[]>(
      `
      select con.conname as name, con.contype::text as contype, c.relname as table_name,
        array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, i)
              join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
              order by k.i) as columns,
        rc.relname as ref_table,
        case when con.contype = 'f' then
          array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, i)
                join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                order by k.i)
        end as ref_columns
      from pg_catalog.pg_constraint con
      join pg_catalog.pg_class c on c.oid = con.conrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      left join pg_catalog.pg_class rc on rc.oid = con.confrelid
      left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
      where n.nspname = $1 and con.contype in ('p', 'u', 'f')
        and (con.contype <> 'f' or rn.nspname = $1)
      order by con.conname
    `,
      [EXPOSED_SCHEMA],
    );
    const routineRows = await tx.unsafe<RoutineRow[]>(
      `
      select p.proname as name, p.provolatile::text as volatility, p.proretset as returns_set,
        pg_catalog.format_type(p.prorettype, null) as return_type,
        t.typtype::text as return_typtype,
        case when rn.nspname = $1 and rc.relkind in ('r', 'p', 'v', 'm', 'f') then rc.relname end as return_relation,
        case when t.typrelid <> 0 then
          (select json_agg(json_build_object('name', a.attname,
                  'type', pg_catalog.format_type(a.atttypid, a.atttypmod)) order by a.attnum)
           from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
        end as return_attributes,
        array(select pg_catalog.format_type(x, null)
              from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(x, i) order by i)
          as arg_types,
        p.proargmodes::text[] as arg_modes,
        p.proargnames as arg_names,
        p.pronargdefaults::int as default_count
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      join pg_catalog.pg_type t on t.oid = p.prorettype
      left join pg_catalog.pg_class rc on rc.oid = t.typrelid
      left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
      where n.nspname = $1 and p.prokind = 'f'
        and p.prorettype not in ('pg_catalog.trigger'::pg_catalog.regtype, 'pg_catalog.event_trigger'::pg_catalog.regtype)
    `,
      [EXPOSED_SCHEMA],
    );
    const viewRows = await tx.unsafe<Array<{ name: string; action: string }>>(
      `
      select c.relname as name, r.ev_action::text as action
      from pg_catalog.pg_rewrite r
      join pg_catalog.pg_class c on c.oid = r.ev_class
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('v', 'm') and r.rulename = '_RETURN'
    `,
      [EXPOSED_SCHEMA],
    );
    const settingRows = await tx.unsafe<Array<{ role: string; name: string; value: string }>>(`
      select r.rolname as role, split_part(s.setting, '=', 1) as name,
        substr(s.setting, strpos(s.setting, '=') + 1) as value
      from pg_catalog.pg_db_role_setting rs
      join pg_catalog.pg_roles r on r.oid = rs.setrole
      cross join lateral unnest(rs.setconfig) as s(setting)
      join pg_catalog.pg_settings ps on ps.name = split_part(s.setting, '=', 1) and ps.context = 'user'
      where rs.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
        and pg_catalog.pg_has_role('authenticator', r.oid, 'member')
      order by rs.setdatabase
    `);
    const zones = timeZones ??
      new Set(
        (await tx.unsafe<Array<{ name: string }>>(`select name from pg_catalog.pg_timezone_names`)).map((z) => z.name),
      );
    const snapshot = buildSnapshot(generation, relationRows, constraintRows, routineRows, settingRows, viewRows);
    return { ...snapshot, timeZones: zones };
  });
}

function buildSnapshot(
  generation: number,
  relationRows: RelationRow[],
  constraintRows: ConstraintRow[],
  routineRows: RoutineRow[],
  settingRows: Array<{ role: string; name: string; value: string }>,
  viewRows: Array<{ name: string; action: string }> = [],
): SchemaSnapshot {
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
  const isUnique = (relation: Relation, columns: string[]) =>
    relation.uniqueKeys.some((key) => key.length === columns.length && key.every((c) => columns.includes(c)));

  const relationships = new Map<string, Relationship[]>();
  const add = (rel: Relationship) => {
    const list = relationships.get(rel.origin) ?? [];
    list.push(rel);
    relationships.set(rel.origin, list);
  };
  for (const fk of foreignKeys) {
    const from = relations.get(fk.table_name)!;
    const oneToOne = isUnique(from, fk.columns);
    add({
      cardinality: oneToOne ? "one-to-one" : "many-to-one",
      origin: fk.table_name,
      target: fk.ref_table!,
      constraint: fk.name,
      originColumns: fk.columns,
      targetColumns: fk.ref_columns!,
    });
    add({
      cardinality: oneToOne ? "one-to-one" : "one-to-many",
      origin: fk.ref_table!,
      target: fk.table_name,
      constraint: fk.name,
      originColumns: fk.ref_columns!,
      targetColumns: fk.columns,
    });
  }
  // views (and materialized views) over these tables carry their foreign keys,
  // as PostgREST finds them: through the view's column lineage
  const lineage = viewLineage(relationRows, viewRows);
  const sourcesOf = (table: string, columns: string[]) => {
    const sources: Array<{ relation: string; columns: string[] }> = [];
    for (const [view, mapping] of lineage) {
      const mapped = columns.map((c) =>
        [...mapping].find(([, origin]) => origin.table === table && origin.column === c)?.[0]
      );
      if (mapped.every((c) => c !== undefined)) sources.push({ relation: view, columns: mapped as string[] });
    }
    return sources;
  };
  for (const fk of foreignKeys) {
    const origins = [{ relation: fk.table_name, columns: fk.columns }, ...sourcesOf(fk.table_name, fk.columns)];
    const targets = [
      { relation: fk.ref_table!, columns: fk.ref_columns! },
      ...sourcesOf(fk.ref_table!, fk.ref_columns!),
    ];
    for (const origin of origins) {
      for (const target of targets) {
        if (origin.relation === fk.table_name && target.relation === fk.ref_table) continue;
        add({
          cardinality: "many-to-one",
          origin: origin.relation,
          target: target.relation,
          constraint: fk.name,
          originColumns: origin.columns,
          targetColumns: target.columns,
        });
        add({
          cardinality: "one-to-many",
          origin: target.relation,
          target: origin.relation,
          constraint: fk.name,
          originColumns: target.columns,
          targetColumns: origin.columns,
        });
      }
    }
  }

  // many-to-many: a junction table whose primary key holds the columns of two foreign keys
  const fksByTable = new Map<string, ConstraintRow[]>();
  for (const fk of foreignKeys) fksByTable.set(fk.table_name, [...(fksByTable.get(fk.table_name) ?? []), fk]);
  for (const [junctionName, fks] of fksByTable) {
    const junction = relations.get(junctionName)!;
    if (junction.primaryKey.length === 0) continue;
    for (const a of fks) {
      for (const b of fks) {
        if (a === b) continue;
        const covered = [...a.columns, ...b.columns].every((c) => junction.primaryKey.includes(c));
        if (!covered) continue;
        add({
          cardinality: "many-to-many",
          origin: a.ref_table!,
          target: b.ref_table!,
          constraint: junctionName,
          originColumns: a.ref_columns!,
          targetColumns: b.ref_columns!,
          junction: {
            table: junctionName,
            originConstraint: a.name,
            targetConstraint: b.name,
            originJoinColumns: a.columns,
            targetJoinColumns: b.columns,
          },
        });
      }
    }
  }

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

  const roleSettings = new Map<string, Array<[string, string]>>();
  for (const row of settingRows) {
    const list = roleSettings.get(row.role) ?? [];
    // database-specific settings come after the global ones and win
    const existing = list.findIndex(([name]) => name === row.name);
    if (existing >= 0) list.splice(existing, 1);
    list.push([row.name, row.value]);
    roleSettings.set(row.role, list);
  }
  return { generation, relations, relationships, routines, roleSettings, timeZones: new Set() };
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

// ---------------------------------------------------------------------------
// view column lineage, from the view's stored query (pg_rewrite.ev_action)
// ---------------------------------------------------------------------------

type Token = "{" | "}" | "(" | ")" | { word: string };

/** Tokens of a node tree's text form; backslash escapes and quoted strings stay inside words. */
function nodeTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === " " || ch === "\n" || ch === "\t") i++;
    else if (ch === "{" || ch === "}" || ch === "(" || ch === ")") {
      tokens.push(ch);
      i++;
    } else {
      let word = "";
      let quoted = false;
      while (i < text.length) {
        const c = text[i];
        if (c === "\\" && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') quoted = !quoted;
        else if (!quoted && (c === " " || c === "\n" || "{}()".includes(c))) break;
        word += c;
        i++;
      }
      tokens.push({ word });
    }
  }
  return tokens;
}

interface TargetEntry {
  resno: number;
  origTable: string;
  origColumn: number;
}

/** The top-level query's target entries with their origin table oid and column number. */
function topLevelTargets(action: string): TargetEntry[] {
  const tokens = nodeTokens(action);
  const word = (t: Token | undefined) => (typeof t === "object" ? t.word : null);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "{" || token === "(") depth++;
    else if (token === "}" || token === ")") depth--;
    // depth 2: inside the rule's list "(" and its first QUERY "{"
    else if (depth === 2 && word(token) === ":targetList" && tokens[i + 1] === "(") {
      const entries: TargetEntry[] = [];
      let j = i + 2;
      while (tokens[j] === "{") {
        const fields: Record<string, string> = {};
        let inner = 1;
        j++;
        while (inner > 0 && j < tokens.length) {
          const t = tokens[j];
          if (t === "{" || t === "(") inner++;
          else if (t === "}" || t === ")") inner--;
          else if (inner === 1 && word(t)?.startsWith(":")) {
            const next = tokens[j + 1];
            if (typeof next === "object") fields[word(t)!] = next.word;
          }
          j++;
        }
        if (fields[":resjunk"] !== "true") {
          entries.push({
            resno: Number(fields[":resno"]),
            origTable: fields[":resorigtbl"],
            origColumn: Number(fields[":resorigcol"]),
          });
        }
      }
      return entries;
    }
  }
  return [];
}

/** For each exposed view: its columns that are plain columns of an exposed table, traced through views on views. */
function viewLineage(
  relationRows: RelationRow[],
  viewRows: Array<{ name: string; action: string }>,
): Map<string, Map<string, { table: string; column: string }>> {
  const byOid = new Map(relationRows.map((r) => [r.oid, r]));
  const direct = new Map<string, Map<string, { relation: string; column: string }>>();
  for (const view of viewRows) {
    const relation = relationRows.find((r) => r.name === view.name);
    if (!relation) continue;
    const columns = new Map<string, { relation: string; column: string }>();
    for (const entry of topLevelTargets(view.action)) {
      const origin = byOid.get(entry.origTable);
      const viewColumn = relation.columns?.find((c) => c.attnum === entry.resno);
      const originColumn = origin?.columns?.find((c) => c.attnum === entry.origColumn);
      if (viewColumn && origin && originColumn) {
        columns.set(viewColumn.name, { relation: origin.name, column: originColumn.name });
      }
    }
    direct.set(view.name, columns);
  }
  const resolved = new Map<string, Map<string, { table: string; column: string }>>();
  for (const [view, columns] of direct) {
    const mapping = new Map<string, { table: string; column: string }>();
    for (const [column, origin] of columns) {
      let current = origin;
      // follow views built on views to the table underneath
      for (let hops = 0; hops < 10 && direct.has(current.relation); hops++) {
        const next = direct.get(current.relation)!.get(current.column);
        if (!next) break;
        current = next;
      }
      if (!direct.has(current.relation)) mapping.set(column, { table: current.relation, column: current.column });
    }
    resolved.set(view, mapping);
  }
  return resolved;
}
