// The relationships PostgREST's embedding can follow, built from the exposed schema's foreign keys:
// many-to-one and one-to-many (one-to-one when the foreign key is unique), the same through views whose
// columns trace back to the keyed tables, and many-to-many through a junction table whose primary key
// holds two foreign keys.

import type { Cardinality, Relation, Relationship } from "./schema_cache.ts";
import type { ConstraintRow, RelationRow, ViewRow } from "./schema_catalog.ts";

type AddRelationship = (rel: Relationship) => void;

/** Every relationship an embed can follow, by origin relation name. */
export function buildRelationships(
  relations: Map<string, Relation>,
  foreignKeys: ConstraintRow[],
  relationRows: RelationRow[],
  viewRows: ViewRow[],
): Map<string, Relationship[]> {
  const relationships = new Map<string, Relationship[]>();
  const add = (rel: Relationship) => {
    const list = relationships.get(rel.origin) ?? [];
    list.push(rel);
    relationships.set(rel.origin, list);
  };
  addForeignKeyPairs(relations, foreignKeys, add);
  addViewPairs(foreignKeys, viewLineage(relationRows, viewRows), add);
  addJunctions(relations, foreignKeys, add);
  return relationships;
}

/** A foreign key seen from both ends: `forward` as given, then the reverse with the `backward` cardinality. */
function addBothWays(add: AddRelationship, forward: Relationship, backward: Cardinality): void {
  add(forward);
  add({
    cardinality: backward,
    origin: forward.target,
    target: forward.origin,
    constraint: forward.constraint,
    originColumns: forward.targetColumns,
    targetColumns: forward.originColumns,
  });
}

/** Both directions of each foreign key between tables. */
function addForeignKeyPairs(relations: Map<string, Relation>, foreignKeys: ConstraintRow[], add: AddRelationship) {
  const isUnique = (relation: Relation, columns: string[]) =>
    relation.uniqueKeys.some((key) => key.length === columns.length && key.every((c) => columns.includes(c)));

  for (const fk of foreignKeys) {
    const from = relations.get(fk.table_name)!;
    const oneToOne = isUnique(from, fk.columns);
    addBothWays(add, {
      cardinality: oneToOne ? "one-to-one" : "many-to-one",
      origin: fk.table_name,
      target: fk.ref_table!,
      constraint: fk.name,
      originColumns: fk.columns,
      targetColumns: fk.ref_columns!,
    }, oneToOne ? "one-to-one" : "one-to-many");
  }
}

/**
 * Views (and materialized views) over these tables carry their foreign keys, as PostgREST finds them:
 * through the view's column lineage.
 */
function addViewPairs(
  foreignKeys: ConstraintRow[],
  lineage: Map<string, Map<string, { table: string; column: string }>>,
  add: AddRelationship,
) {
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
        addBothWays(add, {
          cardinality: "many-to-one",
          origin: origin.relation,
          target: target.relation,
          constraint: fk.name,
          originColumns: origin.columns,
          targetColumns: target.columns,
        }, "one-to-many");
      }
    }
  }
}

/** Many-to-many: a junction table whose primary key holds the columns of two foreign keys. */
function addJunctions(relations: Map<string, Relation>, foreignKeys: ConstraintRow[], add: AddRelationship) {
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
  viewRows: ViewRow[],
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
