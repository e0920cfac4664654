// /rpc/<function>: which overload the arguments name (PGRST202 / PGRST203 as PostgREST answers), the
// arguments converted through json_to_record with the parameters' declared types, and the call rendered
// with the read tree for a set-returning function's rows.

import { closestByEdits, closestName, notImplemented, PgrstError } from "./errors.ts";
import { bindRanges, newPlanContext, planReadTree, selectBody, type Source } from "./read_plan.ts";
import { ident, qualified, SchemaMiss } from "./plan_sql.ts";
import type { Column, Routine } from "./schema_cache.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";
import { aggregate, applyRange, type Built, isPlainObject, type RequestShape } from "./request_plan.ts";

function noFunction(shape: RequestShape, keys: string[], candidates: Routine[]): SchemaMiss {
  const sorted = [...keys].sort();
  const func = `${EXPOSED_SCHEMA}.${shape.name}`;
  const withParams = sorted.length === 0
    ? " without parameters"
    : ` with parameter${sorted.length > 1 ? "s" : ""} ${sorted.join(", ")}`;
  const isPost = shape.method === "POST";
  let hint: string | null = null;
  if (candidates.length) {
    const signatures = candidates.map((r) => `(${r.params.map((p) => p.name).sort().join(", ")})`);
    hint = `Perhaps you meant to call the function ${func}${signatures[0]}`;
  } else {
    const names = [...shape.snapshot.routines.keys()];
    const close = closestByEdits(shape.name, names) ?? closestName(shape.name, names, 0.75);
    if (close) hint = `Perhaps you meant to call the function ${EXPOSED_SCHEMA}.${close}`;
  }
  return new SchemaMiss(
    404,
    "PGRST202",
    `Could not find the function ${func}${
      sorted.length ? `(${sorted.join(", ")})` : " without parameters"
    } in the schema cache`,
    `Searched for the function ${func}${withParams}${
      isPost ? " or with a single unnamed json/jsonb parameter" : ""
    }, but no matches were found in the schema cache.`,
    hint,
  );
}

const takesWholeBody = (r: Routine) =>
  r.params.length === 1 && r.params[0].name === "" && /^jsonb?$/.test(r.params[0].type);

/** The overload whose parameter names fit the arguments; or one taking the whole body as json. */
function chooseRoutine(
  shape: RequestShape,
  args: Record<string, unknown> | null,
): { routine: Routine; keys: string[]; wholeBody: boolean } {
  const candidates = shape.snapshot.routines.get(shape.name) ?? [];
  const keys = args ? Object.keys(args) : [];
  const matches = args === null ? [] : candidates.filter((r) => {
    const names = r.params.map((p) => p.name);
    return keys.every((k) => names.includes(k)) && r.params.every((p) => p.hasDefault || keys.includes(p.name));
  });
  if (matches.length === 0 && shape.method === "POST") {
    const whole = candidates.filter(takesWholeBody);
    if (whole.length === 1) return { routine: whole[0], keys: [], wholeBody: true };
  }
  if (matches.length === 0) throw noFunction(shape, keys, candidates);
  if (matches.length > 1) {
    throw new PgrstError(
      300,
      "PGRST203",
      `Could not choose the best candidate function between: ${
        matches.map((r) => `${EXPOSED_SCHEMA}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`)
          .join(", ")
      }`,
      null,
      "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    );
  }
  return { routine: matches[0], keys, wholeBody: false };
}

export function planRpc(shape: RequestShape): Built {
  let args: Record<string, unknown> | null;
  if (shape.method === "POST") {
    if (Array.isArray(shape.body)) {
      throw notImplemented(
        "Calling a function once per element of a JSON array is not supported by the local platform",
      );
    }
    args = isPlainObject(shape.body) ? shape.body : null;
  } else {
    args = Object.fromEntries(shape.query.rest);
  }
  const { routine, keys, wholeBody } = chooseRoutine(shape, args);
  const ctx = newPlanContext(shape.snapshot);
  const fn = qualified(routine.name);
  let call: string;
  let argsFrom = "";
  if (wholeBody) {
    call = `${fn}(${ctx.params.add(shape.bodyText ?? "{}", routine.params[0].type)})`;
  } else if (keys.length === 0) {
    call = `${fn}()`;
  } else if (keys.every((k) => isScalarArgument(args![k], routine.params.find((p) => p.name === k)!.type))) {
    // scalars go straight to the parameter's type; json/jsonb parameters get the JSON text
    const types = new Map(routine.params.map((p) => [p.name, p.type]));
    call = `${fn}(${
      keys.map((k) => {
        const type = types.get(k)!;
        const value = args![k];
        const text = value === null ? null : /^jsonb?$/.test(type) ? JSON.stringify(value) : String(value);
        return `${ident(k)} := ${ctx.params.add(text, type)}`;
      }).join(", ")
    })`;
  } else {
    const types = new Map(routine.params.map((p) => [p.name, p.type]));
    const argJson = JSON.stringify(Object.fromEntries(keys.map((k) => [k, args![k]])));
    argsFrom = `json_to_record(${ctx.params.add(argJson, "json")}) as pgrst_args(${
      keys.map((k) => `${ident(k)} ${types.get(k)}`).join(", ")
    })`;
    call = `${fn}(${keys.map((k) => `${ident(k)} := pgrst_args.${ident(k)}`).join(", ")})`;
  }
  const readOnly = shape.method !== "POST" || routine.volatility !== "volatile";
  const base = {
    kind: "statement" as const,
    readOnly,
    needsCheck: false,
    representation: true,
  };

  if (routine.returnKind === "void" || (routine.returnKind === "scalar" && !routine.returnsSet)) {
    const from = argsFrom ? ` from ${argsFrom}` : "";
    const text = routine.returnKind === "void"
      ? `select null::int8 as total, 1::int8 as page, null::text as body from (select ${call}${from}) as pgrst_void`
      : `select null::int8 as total, 1::int8 as page, to_json(${call})::text as body${from}`;
    return {
      ...base,
      statement: { text, params: ctx.params.values },
      returnsRows: true,
      result: routine.returnKind === "void" ? "void" : "scalar",
      rangeLower: null,
    };
  }
  if (routine.returnKind === "composite" && routine.returnColumns.length === 0) {
    throw notImplemented(
      `${routine.name} returns records without a column definition`,
    );
  }

  // a set of scalars reads as rows of one column named after the function
  const scalarColumn: Column = {
    name: routine.name,
    type: routine.returnType,
    nullable: true,
    defaultSql: null,
    identity: "",
    generated: "",
  };
  const columns = routine.returnKind === "scalar" ? [scalarColumn] : routine.returnColumns;
  const source: Source = {
    name: routine.name,
    columns: new Map(columns.map((c) => [c.name, c])),
    columnList: columns,
    relationshipOrigin: routine.returnKind === "composite" ? routine.returnRelation : null,
  };
  const select = routine.returnKind === "scalar" ? [{ kind: "star" as const }] : shape.query.select;
  const root = planReadTree(ctx, source, select, shape.query.levels);
  if (routine.returnsSet) applyRange(root, shape.range);
  bindRanges(ctx, root);
  const callFrom = routine.returnKind === "scalar"
    ? `${argsFrom ? `${argsFrom} cross join lateral ` : ""}${call} as pgrst_call(${ident(routine.name)})`
    : `${argsFrom ? `${argsFrom} cross join lateral ` : ""}${call} as pgrst_call`;
  const sourceCte = `pgrst_source as (select pgrst_call.* from ${callFrom})`;
  const from = `pgrst_source as ${ident(root.alias)}`;
  const count = shape.count && routine.returnsSet
    ? `(select pg_catalog.count(*) from (${selectBody(root, from, [], true)}) as pgrst_count)`
    : null;
  const body = selectBody(root, from, [], false);
  const text = routine.returnKind === "scalar"
    ? `with ${sourceCte} select ${
      count ?? "null"
    }::int8 as total, pg_catalog.count(*)::int8 as page, coalesce(json_agg(pgrst_t.${
      ident(routine.name)
    }), '[]')::text as body from (${body}) as pgrst_t`
    : `with ${sourceCte} ${aggregate(body, count, shape.method !== "HEAD", shape.stripNulls)}`;
  return {
    ...base,
    statement: { text, params: ctx.params.values },
    returnsRows: true,
    result: routine.returnsSet ? "rows" : "object",
    rangeLower: routine.returnsSet ? shape.range?.lower ?? 0 : null,
  };
}

/** A value that reaches its parameter as text without json_to_record's help. */
function isScalarArgument(value: unknown, type: string): boolean {
  if (/^jsonb?$/.test(type)) return true;
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
