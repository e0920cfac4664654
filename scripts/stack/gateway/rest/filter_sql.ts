// Filters and order terms of one level of the read tree as SQL: every column is checked against the
// schema cache and every value a client sent becomes a bound parameter cast to the type it meets.

import { PgrstError } from "./errors.ts";
import type { Filter, LogicNode, OrderTerm } from "./query_string.ts";
import { OPERATORS } from "./query_filters.ts";
import { arrayLiteral, checkColumn, fieldSql, ident, notEmbedded, qualified } from "./plan_sql.ts";
import type { EmbedNode, PlanContext, ReadNode } from "./read_plan.ts";

export function findEmbed(node: ReadNode, name: string): EmbedNode | undefined {
  return node.embeds.find((e) => e.name === name);
}

export function logicSql(ctx: PlanContext, node: ReadNode, logic: LogicNode): string {
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

export function orderSql(ctx: PlanContext, node: ReadNode, term: OrderTerm): string {
  let expression: string;
  if (term.relation !== null) {
    const embed = findEmbed(node, term.relation);
    if (!embed) throw notEmbedded(term.relation);
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
