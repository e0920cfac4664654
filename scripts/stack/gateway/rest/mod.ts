// /rest/v1: PostgREST's HTTP semantics for the query forms supabase-js
// produces, over the project's `public` schema.
//
//   GET|HEAD /rest/v1/<table>      read, with select/filters/order/range/count
//   POST     /rest/v1/<table>      insert or upsert (on_conflict, resolution)
//   PATCH    /rest/v1/<table>      update rows matching the filters
//   DELETE   /rest/v1/<table>      delete rows matching the filters
//   GET|HEAD|POST /rest/v1/rpc/<f> call a function (args as JSON or query)
//
// Each request: the gateway's API-key gate, the JWT's role, one transaction
// (executor.ts), one statement built from the schema cache (read_plan.ts,
// request_plan.ts), PostgREST's status codes and error bodies. Anything outside
// the supported subset answers a PostgREST-style error, never a different
// result.

import type { GatewayContext } from "../context.ts";
import { apiKeyRejection, type Caller, resolveCaller } from "./credentials.ts";
import { errorResponse, fromDatabaseError, isDatabaseError, PgrstError } from "./errors.ts";
import { connectionFailure, RestDatabase } from "./executor.ts";
import { checkProfile } from "./request.ts";
import { type RestState, route } from "./route.ts";
import { SchemaCache } from "./schema_cache.ts";
import { withForwardedFor } from "../forwarded.ts";

export { MAX_BODY_BYTES, readLimitedBody } from "./request.ts";

const states = new WeakMap<GatewayContext, RestState>();

function stateFor(ctx: GatewayContext): RestState {
  let state = states.get(ctx);
  if (!state) {
    const cache = new SchemaCache(ctx.adminSql);
    const db = new RestDatabase();
    const ready = (async () => {
      const stop = await cache.listen();
      ctx.onClose(stop);
      ctx.onClose(() => db.close());
      await cache.current();
    })();
    state = { cache, db, ready };
    // a failed start is retried by the next request
    ready.catch(() => states.delete(ctx));
    states.set(ctx, state);
  }
  return state;
}
export async function handleRest(
  received: Request,
  ctx: GatewayContext,
  info: Deno.ServeHandlerInfo,
): Promise<Response> {
  // request.headers carries x-forwarded-for as Supabase's proxy hands it to PostgREST
  const request = withForwardedFor(received, info);
  const url = new URL(request.url);
  const gate = apiKeyRejection(request, url);
  if (gate) {
    await request.body?.cancel().catch(() => {});
    return gate;
  }
  let caller: Caller | null = null;
  try {
    const state = stateFor(ctx);
    await state.ready.catch((error) => {
      console.error("rest: schema cache load failed:", error);
      throw new PgrstError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
    });
    caller = await resolveCaller(request, url, ctx.jwtSecret);
    checkProfile(request);
    return await route(request, url, caller, state);
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    if (error instanceof PgrstError) return errorResponse(error);
    if (isDatabaseError(error)) return errorResponse(fromDatabaseError(error, caller?.authenticated ?? false));
    const connection = connectionFailure(error);
    if (connection) return errorResponse(connection);
    throw error;
  }
}
