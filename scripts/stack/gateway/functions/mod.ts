import type { GatewayContext } from "../context.ts";

export function handleFunctions(
  _request: Request,
  _ctx: GatewayContext,
  _info: Deno.ServeHandlerInfo,
): Promise<Response> {
  return Promise.resolve(
    new Response(JSON.stringify({ message: "not implemented yet in the local platform" }), {
      status: 501,
      headers: { "Content-Type": "application/json" },
    }),
  );
}
