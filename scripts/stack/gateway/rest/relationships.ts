// Which relationship an embedded resource follows: by target name, by a foreign key column named as
// the target, narrowed by a !hint; none is PGRST200 and more than one PGRST201, as PostgREST answers.

import { closestName, PgrstError } from "./errors.ts";
import type { Relationship, SchemaSnapshot } from "./schema_cache.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";
import { SchemaMiss } from "./plan_sql.ts";

export function findRelationship(
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
