// The catalog reads behind PostgREST's schema cache: the exposed schema's relations and columns, keys,
// functions, views' stored queries and the per-role settings, as rows for schema_cache.ts to build its
// snapshot from, plus the DDL generation counter that says when a snapshot is stale.

import type { Sql } from "../context.ts";

export const EXPOSED_SCHEMA = "public";

export interface RelationRow {
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

export interface ConstraintRow {
  name: string;
  contype: string;
  table_name: string;
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

export interface RoutineRow {
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

export type SettingRow = { role: string; name: string; value: string };

/** A view or materialized view and its stored query (pg_rewrite.ev_action), for column lineage. */
export type ViewRow = { name: string; action: string };

export interface CatalogRows {
  generation: number;
  relationRows: RelationRow[];
  constraintRows: ConstraintRow[];
  routineRows: RoutineRow[];
  viewRows: ViewRow[];
  settingRows: SettingRow[];
}

/** The DDL generation counter of bootstrap/50_rest.sql; -1 on a cluster bootstrapped without it. */
export async function readGeneration(sql: Pick<Sql, "unsafe">): Promise<number> {
  const [{ present }] = await sql.unsafe(
    `select pg_catalog.to_regclass('extensions.local_pgrst_schema_generation') is not null as present`,
  );
  if (!present) return -1;
  const [row] = await sql.unsafe(`select generation::text from extensions.local_pgrst_schema_generation`);
  return Number(row?.generation ?? -1);
}

/** The catalog rows of one snapshot, read inside the caller's repeatable read transaction. */
export async function readCatalog(tx: Pick<Sql, "unsafe">): Promise<CatalogRows> {
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
  const viewRows = await tx.unsafe<ViewRow[]>(
    `
    select c.relname as name, r.ev_action::text as action
    from pg_catalog.pg_rewrite r
    join pg_catalog.pg_class c on c.oid = r.ev_class
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = $1 and c.relkind in ('v', 'm') and r.rulename = '_RETURN'
  `,
    [EXPOSED_SCHEMA],
  );
  const settingRows = await tx.unsafe<SettingRow[]>(`
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
  return { generation, relationRows, constraintRows, routineRows, viewRows, settingRows };
}
