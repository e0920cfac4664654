// Turns a parsed select/filter/order tree into SQL against the schema cache:
// every column, relation and relationship is looked up first (unknown names
// answer 42703 / PGRST200 / PGRST201 / PGRST108 without touching the
// database), identifiers are quoted, values become $n parameters.
//
// A level of the tree renders as one SELECT; each embedded resource is a
// LATERAL subquery producing a json object (to-one) or array (to-many), as
// PostgREST's own query builder does, so a request is always one statement.
//
// plan_sql.ts writes the names and parameters, relationships.ts picks the
// relationship an embed follows, filter_sql.ts renders filters and order.

import { notImplemented } from "./errors.ts";
import type { LevelParams, SelectItem } from "./query_string.ts";
import type { Column, Relation, Relationship, SchemaSnapshot } from "./schema_cache.ts";
import { checkColumn, fieldSql, ident, notEmbedded, Params, qualified, SchemaMiss } from "./plan_sql.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";
import { findRelationship } from "./relationships.ts";
import { findEmbed, logicSql, orderSql } from "./filter_sql.ts";

/** Where one level's rows come from. */
export interface Source {
  /** name used in messages (table or function name) */
  name: string;
  columns: Map<string, Column>;
  columnList: Column[];
  /** relation whose relationships embedding follows; null when nothing can be embedded */
  relationshipOrigin: string | null;
}

export function relationSource(relation: Relation): Source {
  return {
    name: relation.name,
    columns: relation.columns,
    columnList: relation.columnList,
    relationshipOrigin: relation.name,
  };
}

interface OutputColumn {
  kind: "column";
  sql: string;
  name: string;
}

interface OutputStar {
  kind: "star";
}

interface OutputEmbed {
  kind: "embed";
  embed: EmbedNode;
}

type Output = OutputColumn | OutputStar | OutputEmbed;

export interface ReadNode {
  source: Source;
  /** the SQL alias rows of this level have */
  alias: string;
  outputs: Output[];
  embeds: EmbedNode[];
  /** rendered conditions of this level */
  where: string[];
  order: string[];
  limit: number | null;
  offset: number | null;
  /** $n placeholders of limit/offset, bound by bindRanges once the range is final */
  limitSql?: string;
  offsetSql?: string;
}

export interface EmbedNode extends ReadNode {
  /** key in the parent's JSON */
  name: string;
  relationship: Relationship;
  inner: boolean;
  spread: boolean;
  toOne: boolean;
  /** alias of the LATERAL subquery in the parent's FROM */
  lateralAlias: string;
  /** the parent's alias the join condition refers to */
  parentAlias: string;
}

class AliasSource {
  #next = 0;
  next(): string {
    return `pgrst_${this.#next++}`;
  }
}

export interface PlanContext {
  snapshot: SchemaSnapshot;
  params: Params;
  aliases: AliasSource;
}

export function newPlanContext(snapshot: SchemaSnapshot): PlanContext {
  return { snapshot, params: new Params(), aliases: new AliasSource() };
}

/** Builds the read tree for `source` from the select list, then applies per-level params. */
export function planReadTree(
  ctx: PlanContext,
  source: Source,
  select: SelectItem[],
  levels: Map<string, LevelParams>,
): ReadNode {
  const root: ReadNode = {
    source,
    alias: ctx.aliases.next(),
    outputs: [],
    embeds: [],
    where: [],
    order: [],
    limit: null,
    offset: null,
  };
  planSelect(ctx, root, select);
  applyLevels(ctx, root, levels);
  return root;
}

function planSelect(ctx: PlanContext, node: ReadNode, select: SelectItem[]): void {
  for (const item of select) {
    if (item.kind === "star") {
      node.outputs.push({ kind: "star" });
      continue;
    }
    if (item.kind === "column") {
      checkColumn(node.source, item.field.name);
      let sql = fieldSql(ident(node.alias), item.field, ctx.params);
      if (item.cast) sql = `${sql}::${item.cast}`;
      const name = item.alias ?? (item.field.jsonPath.at(-1)?.key ?? item.field.name);
      node.outputs.push({ kind: "column", sql, name });
      continue;
    }
    if (node.source.relationshipOrigin === null) {
      throw new SchemaMiss(
        400,
        "PGRST200",
        `Could not find a relationship between '${node.source.name}' and '${item.relation}' in the schema cache`,
        `Searched for a foreign key relationship between '${node.source.name}' and '${item.relation}' in the schema '${EXPOSED_SCHEMA}', but no matches were found.`,
      );
    }
    const relationship = findRelationship(ctx.snapshot, node.source.relationshipOrigin, item.relation, item.hint);
    const target = ctx.snapshot.relations.get(relationship.target)!;
    const toOne = relationship.cardinality === "many-to-one" || relationship.cardinality === "one-to-one";
    if (item.spread && !toOne) {
      throw notImplemented(
        `A spread operation on '${item.relation}' is only supported for many-to-one and one-to-one relationships in the local platform`,
      );
    }
    const embed: EmbedNode = {
      source: relationSource(target),
      alias: ctx.aliases.next(),
      outputs: [],
      embeds: [],
      where: [],
      order: [],
      limit: null,
      offset: null,
      name: item.alias ?? item.relation,
      relationship,
      inner: item.joinType === "inner",
      spread: item.spread,
      toOne,
      lateralAlias: ctx.aliases.next(),
      parentAlias: node.alias,
    };
    planSelect(ctx, embed, item.items);
    if (embed.spread) {
      // a spread lifts the embedded columns into the parent: name them all
      embed.outputs = embed.outputs.flatMap((o): Output[] =>
        o.kind === "star"
          ? embed.source.columnList.map((c) => ({
            kind: "column",
            sql: `${ident(embed.alias)}.${ident(c.name)}`,
            name: c.name,
          }))
          : [o]
      );
    }
    node.embeds.push(embed);
    node.outputs.push({ kind: "embed", embed });
  }
}

function applyLevels(ctx: PlanContext, root: ReadNode, levels: Map<string, LevelParams>): void {
  for (const [path, level] of levels) {
    let node: ReadNode = root;
    if (path !== "") {
      for (const segment of path.split(".")) {
        const next = findEmbed(node, segment);
        if (!next) throw notEmbedded(segment);
        node = next;
      }
    }
    for (const filter of level.filters) node.where.push(logicSql(ctx, node, filter));
    if (level.order) node.order = level.order.map((term) => orderSql(ctx, node, term));
    node.limit = level.limit;
    node.offset = level.offset;
  }
}

// ---------------------------------------------------------------------------
// rendering
// ---------------------------------------------------------------------------

function outputList(node: ReadNode): string {
  const items = node.outputs.flatMap((o): string[] => {
    if (o.kind === "star") return [`${ident(node.alias)}.*`];
    if (o.kind === "column") return [`${o.sql} as ${ident(o.name)}`];
    if (o.embed.spread) {
      return o.embed.outputs.map((inner) => {
        const name = inner.kind === "column" ? inner.name : inner.kind === "embed" ? inner.embed.name : "";
        return `${ident(o.embed.lateralAlias)}.${ident(name)} as ${ident(name)}`;
      });
    }
    return [`${ident(o.embed.lateralAlias)}.pgrst_embed as ${ident(o.embed.name)}`];
  });
  // a JSON object of no keys still needs one column to exist
  return items.length ? items.join(", ") : "";
}

function joinCondition(embed: EmbedNode, childAlias: string): { from: string; where: string[] } {
  const rel = embed.relationship;
  const parent = ident(embed.parentAlias);
  const child = ident(childAlias);
  if (rel.junction) {
    const junction = ident(`${childAlias}_j`);
    const on = rel.junction.targetJoinColumns.map((c, i) =>
      `${junction}.${ident(c)} = ${child}.${ident(rel.targetColumns[i])}`
    )
      .join(" and ");
    return {
      from: `${qualified(rel.target)} as ${child} inner join ${qualified(rel.junction.table)} as ${junction} on ${on}`,
      where: rel.junction.originJoinColumns.map((c, i) =>
        `${junction}.${ident(c)} = ${parent}.${ident(rel.originColumns[i])}`
      ),
    };
  }
  return {
    from: `${qualified(rel.target)} as ${child}`,
    where: rel.targetColumns.map((c, i) => `${child}.${ident(c)} = ${parent}.${ident(rel.originColumns[i])}`),
  };
}

function lateralJoins(node: ReadNode, countOnly: boolean): string {
  const joins: string[] = [];
  for (const embed of node.embeds) {
    // for a count only the embeds that can remove parent rows matter
    if (countOnly && !embed.inner && !node.where.some((w) => w.includes(ident(embed.lateralAlias)))) continue;
    const { from, where } = joinCondition(embed, embed.alias);
    const body = selectBody(embed, from, where, false);
    const joinType = embed.inner && embed.toOne ? "inner join lateral" : "left join lateral";
    let lateral: string;
    if (embed.spread) {
      lateral = `(select pgrst_row.*, true as pgrst_found from (${body}) as pgrst_row)`;
    } else if (embed.toOne) {
      lateral = `(select row_to_json(pgrst_row) as pgrst_embed from (${body}) as pgrst_row)`;
    } else {
      lateral = `(select coalesce(json_agg(pgrst_row), '[]') as pgrst_embed from (${body}) as pgrst_row)`;
    }
    joins.push(` ${joinType} ${lateral} as ${ident(embed.lateralAlias)} on true`);
  }
  return joins.join("");
}

function innerConditions(node: ReadNode): string[] {
  return node.embeds
    .filter((e) => e.inner && !e.toOne)
    .map((e) => `json_array_length(${ident(e.lateralAlias)}.pgrst_embed) > 0`);
}

/** SELECT ... FROM ... for one level, with its embeds, filters, order and range. */
export function selectBody(node: ReadNode, from: string, extraWhere: string[], countOnly: boolean): string {
  const where = [...extraWhere, ...node.where, ...innerConditions(node)];
  const outputs = countOnly ? "1" : outputList(node) || "";
  let sql = `select ${outputs} from ${from}${lateralJoins(node, countOnly)}`;
  if (where.length) sql += ` where ${where.join(" and ")}`;
  if (!countOnly) {
    if (node.order.length) sql += ` order by ${node.order.join(", ")}`;
    if (node.limitSql) sql += ` limit ${node.limitSql}`;
    if (node.offsetSql) sql += ` offset ${node.offsetSql}`;
  }
  return sql;
}

/** Binds every level's limit and offset as parameters (stable statement text for any page). */
export function bindRanges(ctx: PlanContext, node: ReadNode): void {
  node.limitSql = node.limit !== null ? ctx.params.add(String(node.limit), "int8") : undefined;
  node.offsetSql = node.offset !== null && node.offset > 0 ? ctx.params.add(String(node.offset), "int8") : undefined;
  for (const embed of node.embeds) bindRanges(ctx, embed);
}

/** Columns a mutation must return for `node` to render (star: everything). */
export function neededColumns(node: ReadNode): string[] | "*" {
  if (node.outputs.some((o) => o.kind === "star")) return "*";
  const needed = new Set<string>();
  const collect = (sql: string) => {
    const prefix = `${ident(node.alias)}.`;
    for (const column of node.source.columnList) if (sql.includes(prefix + ident(column.name))) needed.add(column.name);
  };
  for (const o of node.outputs) if (o.kind === "column") collect(o.sql);
  for (const w of node.where) collect(w);
  for (const o of node.order) collect(o);
  for (const embed of node.embeds) for (const c of embed.relationship.originColumns) needed.add(c);
  return [...needed];
}
