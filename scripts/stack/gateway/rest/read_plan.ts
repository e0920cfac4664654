// Turns a parsed select/filter/order tree into SQL against the schema cache:
// every column, relation and relationship is looked up first (unknown names
// answer 42703 / PGRST200 / PGRST201 / PGRST108 without touching the
// database), identifiers are quoted, values become $n parameters.
//
// A level of the tree renders as one SELECT; each embedded resource is a
// LATERAL subquery producing a json object (to-one) or array (to-many), as
// PostgREST's own query builder does, so a request is always one statement.

import { closestByEdits, closestName, notImplemented, PgrstError } from "./errors.ts";
import type { FieldRef, Filter, LevelParams, LogicNode, OrderTerm, SelectItem } from "./query_string.ts";
import { OPERATORS } from "./query_string.ts";
import type { Column, Relation, Relationship, SchemaSnapshot } from "./schema_cache.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(name: string): string {
  return `${ident(EXPOSED_SCHEMA)}.${ident(name)}`;
}

/**
 * Collects bind parameters; every value a client sends goes through here. The
 * statement receives them as one text[] ($1) and each use casts its element
 * to the type it meets (the column's type, text for patterns, ...), so Postgres
 * parses the value with that type's input function as PostgREST's untyped
 * parameters would be.
 */
export class Params {
  readonly values: Array<string | null> = [];
  add(value: string | null, type: string): string {
    this.values.push(value);
    return `$1[${this.values.length}]::${type}`;
  }
}

/** A Postgres array literal of text elements (NULL for null), quoting every element. */
export function arrayLiteral(items: Array<string | null>): string {
  return `{${
    items.map((item) => item === null ? "NULL" : `"${item.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")
  }}`;
}

/** Thrown when a name is not in the schema cache: the caller may reload and retry once. */
export class SchemaMiss extends PgrstError {}

export function unknownColumn(relation: string, column: string, candidates: Iterable<string>): SchemaMiss {
  const suggestion = closestByEdits(column, candidates);
  return new SchemaMiss(
    400,
    "42703",
    `column ${relation}.${column} does not exist`,
    null,
    suggestion ? `Perhaps you meant to reference the column "${relation}.${suggestion}".` : null,
  );
}

export function unknownRelation(snapshot: SchemaSnapshot, name: string): SchemaMiss {
  const suggestion = closestName(name, snapshot.relations.keys(), 0.55);
  return new SchemaMiss(
    404,
    "PGRST205",
    `Could not find the table '${EXPOSED_SCHEMA}.${name}' in the schema cache`,
    null,
    suggestion ? `Perhaps you meant the table '${EXPOSED_SCHEMA}.${suggestion}'` : null,
  );
}

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

function findRelationship(
  snapshot: SchemaSnapshot,
  origin: string,
  target: string,
  hint: string | null,
): Relationship {
  const all = snapshot.relationships.get(origin) ?? [];
  let candidates = all.filter((r) => r.target === target);
  if (candidates.length === 0) {
    // PostgREST also embeds through a foreign key column named as the target
    candidates = all.filter((r) =>
      (r.cardinality === "many-to-one" || r.cardinality === "one-to-one") && r.junction === undefined &&
      r.originColumns.length === 1 && r.originColumns[0] === target
    );
  }
  if (hint !== null) {
    candidates = candidates.filter((r) =>
      r.constraint === hint ||
      (r.junction
        ? r.junction.table === hint || r.junction.originConstraint === hint || r.junction.targetConstraint === hint
        : r.originColumns.includes(hint) || r.targetColumns.includes(hint))
    );
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    const originKnown = snapshot.relationships.has(origin);
    const suggestion = originKnown
      ? closestName(target, new Set(all.map((r) => r.target)), 0.5)
      : closestName(origin, snapshot.relationships.keys(), 0.5);
    const hintText = suggestion
      ? originKnown
        ? `Perhaps you meant '${suggestion}' instead of '${target}'.`
        : `Perhaps you meant '${suggestion}' instead of '${origin}'.`
      : null;
    throw new SchemaMiss(
      400,
      "PGRST200",
      `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
      `Searched for a foreign key relationship between '${origin}' and '${target}'${
        hint !== null ? ` using the hint '${hint}'` : ""
      } in the schema '${EXPOSED_SCHEMA}', but no matches were found.`,
      hint !== null ? null : hintText,
    );
  }
  const describe = (r: Relationship) => {
    if (r.junction) {
      return {
        cardinality: r.cardinality,
        embedding: `${r.origin} with ${r.target}`,
        relationship: `${r.junction.table} using ${r.junction.originConstraint}(${
          r.junction.originJoinColumns.join(", ")
        }) and ${r.junction.targetConstraint}(${r.junction.targetJoinColumns.join(", ")})`,
      };
    }
    const [fkTable, fkColumns, refTable, refColumns] = r.cardinality === "one-to-many"
      ? [r.target, r.targetColumns, r.origin, r.originColumns]
      : [r.origin, r.originColumns, r.target, r.targetColumns];
    return {
      cardinality: r.cardinality,
      embedding: `${r.origin} with ${r.target}`,
      relationship: `${r.constraint} using ${fkTable}(${fkColumns.join(", ")}) and ${refTable}(${
        refColumns.join(", ")
      })`,
    };
  };
  throw new PgrstError(
    300,
    "PGRST201",
    `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
    candidates.map(describe),
    `Try changing '${target}' to one of the following: ${
      candidates.map((r) => `'${target}!${r.constraint}'`).join(", ")
    }. Find the desired relationship in the 'details' key.`,
  );
}

/** Renders a column reference with its JSON path; keys are bound parameters. */
function fieldSql(alias: string, field: FieldRef, params: Params): string {
  let sql = `${alias}.${ident(field.name)}`;
  for (const step of field.jsonPath) {
    const key = /^-?\d+$/.test(step.key) ? params.add(step.key, "int") : params.add(step.key, "text");
    sql = `${sql}${step.arrow}${key}`;
  }
  return sql;
}

function checkColumn(source: Source, name: string): Column {
  const column = source.columns.get(name);
  if (!column) throw unknownColumn(source.name, name, source.columns.keys());
  return column;
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

function findEmbed(node: ReadNode, name: string): EmbedNode | undefined {
  return node.embeds.find((e) => e.name === name);
}

function applyLevels(ctx: PlanContext, root: ReadNode, levels: Map<string, LevelParams>): void {
  for (const [path, level] of levels) {
    let node: ReadNode = root;
    if (path !== "") {
      for (const segment of path.split(".")) {
        const next = findEmbed(node, segment);
        if (!next) {
          throw new PgrstError(
            400,
            "PGRST108",
            `'${segment}' is not an embedded resource in this request`,
            null,
            `Verify that '${segment}' is included in the 'select' query parameter.`,
          );
        }
        node = next;
      }
    }
    for (const filter of level.filters) node.where.push(logicSql(ctx, node, filter));
    if (level.order) node.order = level.order.map((term) => orderSql(ctx, node, term));
    node.limit = level.limit;
    node.offset = level.offset;
  }
}

function logicSql(ctx: PlanContext, node: ReadNode, logic: LogicNode): string {
  if (logic.kind === "filter") return filterSql(ctx, node, logic.filter);
  const joined = logic.children.map((child) => logicSql(ctx, node, child)).join(
    logic.kind === "and" ? " and " : " or ",
  );
  return logic.negated ? `not (${joined})` : `(${joined})`;
}

const TEXT_SEARCH_FUNCTIONS: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

function filterSql(ctx: PlanContext, node: ReadNode, filter: Filter): string {
  const { params } = ctx;
  // null filtering on an embedded resource: ?select=*,artist(*)&artist=not.is.null
  const embed = filter.field.jsonPath.length === 0 && filter.operator === "is" &&
      (filter.value.kind === "is" && (filter.value.value === "null" || filter.value.value === "not_null"))
    ? findEmbed(node, filter.field.name)
    : undefined;
  if (embed && !node.source.columns.has(filter.field.name)) {
    const wantsNull = (filter.value.kind === "is" && filter.value.value === "null") !== filter.negated;
    const embedded = `${ident(embed.lateralAlias)}.pgrst_embed`;
    const present = embed.spread
      ? `${ident(embed.lateralAlias)}.pgrst_found`
      : embed.toOne
      ? `${embedded} is not null`
      : `json_array_length(${embedded}) > 0`;
    if (embed.spread) return wantsNull ? `${present} is null` : `${present} is not null`;
    return wantsNull ? `not (${present})` : present;
  }
  const column = checkColumn(node.source, filter.field.name);
  const target = fieldSql(ident(node.alias), filter.field, params);
  // the type a value meets: the column's own, or what a JSON path yields
  const last = filter.field.jsonPath.at(-1);
  const type = !last ? column.type : last.arrow === "->>" ? "text" : column.type === "json" ? "json" : "jsonb";
  const patternOperator = ["like", "ilike", "match", "imatch"].includes(filter.operator);
  let condition: string;
  const value = filter.value;
  if (filter.operator === "is" && value.kind === "is") {
    condition = value.value === "not_null" ? `${target} is not null` : `${target} is ${value.value}`;
  } else if (filter.operator === "in" && value.kind === "list") {
    condition = `${target} = any(${params.add(arrayLiteral(value.items), `${type}[]`)})`;
  } else if (filter.quantifier && value.kind === "list") {
    const items = filter.operator === "like" || filter.operator === "ilike"
      ? value.items.map((v) => v.replaceAll("*", "%"))
      : value.items;
    const elementType = patternOperator ? "text" : type;
    condition = `${target} ${OPERATORS[filter.operator]} ${filter.quantifier}(${
      params.add(arrayLiteral(items), `${elementType}[]`)
    })`;
  } else if (value.kind === "scalar") {
    if (filter.operator === "isdistinct") {
      condition = `${target} is distinct from ${params.add(value.text, type)}`;
    } else if (filter.operator in TEXT_SEARCH_FUNCTIONS) {
      const language = filter.language ? `${params.add(filter.language, "regconfig")}, ` : "";
      const vector = column.type === "tsvector" && filter.field.jsonPath.length === 0
        ? target
        : `to_tsvector(${language}${target})`;
      condition = `${vector} @@ ${TEXT_SEARCH_FUNCTIONS[filter.operator]}(${language}${
        params.add(value.text, "text")
      })`;
    } else {
      const text = filter.operator === "like" || filter.operator === "ilike"
        ? value.text.replaceAll("*", "%")
        : value.text;
      condition = `${target} ${OPERATORS[filter.operator]} ${params.add(text, patternOperator ? "text" : type)}`;
    }
  } else {
    throw new PgrstError(400, "PGRST100", `"failed to parse filter (${filter.operator})"`, "unsupported operator form");
  }
  return filter.negated ? `not (${condition})` : condition;
}

function orderSql(ctx: PlanContext, node: ReadNode, term: OrderTerm): string {
  let expression: string;
  if (term.relation !== null) {
    const embed = findEmbed(node, term.relation);
    if (!embed) {
      throw new PgrstError(
        400,
        "PGRST108",
        `'${term.relation}' is not an embedded resource in this request`,
        null,
        `Verify that '${term.relation}' is included in the 'select' query parameter.`,
      );
    }
    if (!embed.toOne) {
      throw new PgrstError(
        400,
        "PGRST118",
        `A related order on '${term.relation}' is not possible`,
        `'${node.source.name}' and '${term.relation}' do not form a many-to-one or one-to-one relationship`,
      );
    }
    checkColumn(embed.source, term.field.name);
    const alias = ctx.aliases.next();
    const rel = embed.relationship;
    const join = rel.targetColumns.map((c, i) =>
      `${ident(alias)}.${ident(c)} = ${ident(node.alias)}.${ident(rel.originColumns[i])}`
    )
      .join(" and ");
    expression = `(select ${fieldSql(ident(alias), term.field, ctx.params)} from ${qualified(rel.target)} as ${
      ident(alias)
    } where ${join})`;
  } else {
    checkColumn(node.source, term.field.name);
    expression = fieldSql(ident(node.alias), term.field, ctx.params);
  }
  const direction = term.direction === "desc" ? " desc" : " asc";
  const nulls = term.nulls === "first" ? " nulls first" : term.nulls === "last" ? " nulls last" : "";
  return `${expression}${direction}${nulls}`;
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
