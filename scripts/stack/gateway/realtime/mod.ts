// /realtime/v1: Supabase Realtime for the local platform.
//
//   GET  /realtime/v1/websocket?apikey=...&vsn=2.0.0        Phoenix channels (service.ts)
//   POST /realtime/v1/api/broadcast                          {messages:[{topic,event,payload,private}]}
//   POST /realtime/v1/api/broadcast/<topic>/events/<event>   realtime-js httpSend()
//
// A REST broadcast body is capped as a websocket frame is (MAX_FRAME_BYTES,
// 1 MiB): a larger one is refused with 413 {code: "payload_too_large"} before it
// is parsed, also when it streams without a Content-Length. Private messages
// are delivered only when the caller's JWT passes the topic's insert policy on
// realtime.messages, as for a client broadcast on a private channel.
//
// Environment (all optional):
//   THESET_REALTIME_WAL=off                  no WAL reader (gateways that tests start for other paths)
//   THESET_REALTIME_HEARTBEAT_TIMEOUT_MS     close sockets silent this long (default 60000, as Phoenix)

import postgres from "postgres";
import { ADMIN_CONNECTION } from "../../config.ts";
import { type GatewayContext, reconnectBackoff, type Sql } from "../context.ts";
import { RealtimeService } from "./service.ts";
import { checkToken } from "./tokens.ts";
import { WalReader } from "./wal.ts";
import { readLimitedBody } from "../rest/mod.ts";

/** as Realtime's janitor: partitions ahead are created, those past 72 hours dropped, at start and hourly */
const MAINTAIN_EVERY_MS = 3_600_000;
/** the largest websocket frame a client may send, and the largest REST broadcast body */
export const MAX_FRAME_BYTES = 1024 * 1024;

const services = new WeakMap<GatewayContext, RealtimeService>();

function envNumber(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function realtimeFor(ctx: GatewayContext): RealtimeService {
  let service = services.get(ctx);
  if (!service) {
    // its own small pool: a statement timeout bounds any RLS policy a change is checked against
    const sql: Sql = postgres({
      ...ADMIN_CONNECTION,
      max: 4,
      backoff: reconnectBackoff,
      onnotice: () => {},
      connection: { application_name: "theset-realtime", statement_timeout: 5000, TimeZone: "UTC" },
    });
    service = new RealtimeService({
      jwtSecret: ctx.jwtSecret,
      sql,
      heartbeatTimeoutMs: envNumber("THESET_REALTIME_HEARTBEAT_TIMEOUT_MS", 60_000),
      maxFrameBytes: MAX_FRAME_BYTES,
      maxBufferedBytes: 16 * 1024 * 1024,
      log: (message) => console.error(message),
    });
    services.set(ctx, service);
    const created = service;
    ctx.onClose(async () => {
      created.close();
      await sql.end({ timeout: 2 });
    });
  }
  return service;
}

/**
 * Starts Realtime's background work for this gateway: the WAL reader that
 * feeds postgres_changes and database broadcasts, and the upkeep of
 * realtime.messages' daily partitions.
 */
export function startRealtime(ctx: GatewayContext): void {
  const service = realtimeFor(ctx);
  // a cluster bootstrapped before 50_realtime_local.sql existed cannot render changes: say so once, plainly
  ctx.adminSql`
    select pg_catalog.to_regprocedure('realtime.local_render_change(regclass,text,jsonb,jsonb,jsonb)') is not null as ok
  `.then(([row]) => {
    if (!row.ok) {
      console.error(
        "realtime: this cluster lacks scripts/stack/bootstrap/50_realtime_local.sql (bootstrapped before it existed): " +
          "postgres_changes and private channels will fail until `npm run db:reset`",
      );
    }
  }).catch(() => {});
  if (Deno.env.get("THESET_REALTIME_WAL") === "off") return;
  const wal = new WalReader({
    connection: ADMIN_CONNECTION,
    onChanges: (changes) => service.handleChanges(changes),
    log: (message) => console.error(message),
  });
  service.attachWal(wal);
  wal.start();
  const maintain = () =>
    maintainMessagePartitions(ctx.adminSql)
      .catch((error) => console.error(`realtime: realtime.messages partitions: ${error.message}`));
  maintain();
  const upkeep = setInterval(maintain, MAINTAIN_EVERY_MS);
  ctx.onClose(async () => {
    clearInterval(upkeep);
    await wal.stop();
  });
}

/**
 * Creates realtime.messages' partitions from yesterday to three days ahead and
 * drops those older than 72 hours (scripts/stack/bootstrap/40_realtime.sql);
 * returns the partitions left, oldest first.
 */
export async function maintainMessagePartitions(sql: Sql): Promise<string[]> {
  await sql`select realtime.local_maintain_message_partitions()`;
  const rows = await sql<{ name: string }[]>`
    select c.relname as name from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'realtime.messages'::regclass order by c.relname
  `;
  return rows.map((row) => row.name);
}

async function claimsOf(request: Request, ctx: GatewayContext) {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  return await checkToken(bearer ?? request.headers.get("apikey"), ctx.jwtSecret);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class BodyTooLarge extends Error {}

/** The body parsed as JSON, at most MAX_FRAME_BYTES; an answer to send instead when it is too large or not JSON. */
async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; answer: Response }> {
  let text: string;
  try {
    text = await readLimitedBody(request, MAX_FRAME_BYTES, () => new BodyTooLarge());
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return {
      ok: false,
      answer: json(413, {
        code: "payload_too_large",
        message: `broadcast bodies are limited to ${MAX_FRAME_BYTES} bytes, as websocket frames are`,
      }),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, answer: json(400, { message: "the body must be JSON" }) };
  }
}

async function apiBroadcast(request: Request, ctx: GatewayContext): Promise<Response> {
  const verdict = await claimsOf(request, ctx);
  if (!verdict.ok) return json(401, { message: verdict.reason });
  const body = await readJsonBody(request);
  if (!body.ok) return body.answer;
  const raw = isRecord(body.value) ? body.value.messages : undefined;
  if (!Array.isArray(raw) || raw.length === 0) {
    return json(422, { errors: { messages: ["can't be blank"] } });
  }
  const messages = [];
  for (const [i, m] of raw.entries()) {
    if (!isRecord(m) || typeof m.topic !== "string" || typeof m.event !== "string" || !("payload" in m)) {
      return json(422, { errors: { messages: [`message ${i} needs topic, event and payload`] } });
    }
    messages.push({ topic: m.topic, event: m.event, payload: m.payload, private: m.private === true });
  }
  await realtimeFor(ctx).broadcastFromApi(verdict.claims, messages);
  return new Response(null, { status: 202 });
}

async function apiTopicEvent(request: Request, ctx: GatewayContext, topic: string, event: string): Promise<Response> {
  const verdict = await claimsOf(request, ctx);
  if (!verdict.ok) return json(401, { message: verdict.reason });
  const isPrivate = new URL(request.url).searchParams.get("private") === "true";
  const service = realtimeFor(ctx);
  if ((request.headers.get("content-type") ?? "").startsWith("application/octet-stream")) {
    if (isPrivate) return json(422, { message: "binary payloads are only supported on public topics locally" });
    const declared = Number(request.headers.get("content-length") ?? "NaN");
    // bytes are read whole, so their size must be announced (the server holds the body to it)
    if (!Number.isFinite(declared)) {
      await request.body?.cancel().catch(() => {});
      return json(411, { code: "length_required", message: "binary broadcasts need a Content-Length" });
    }
    if (declared > MAX_FRAME_BYTES) {
      await request.body?.cancel().catch(() => {});
      return json(413, {
        code: "payload_too_large",
        message: `binary broadcasts are limited to ${MAX_FRAME_BYTES} bytes`,
      });
    }
    service.binaryBroadcastFromApi(topic, event, new Uint8Array(await request.arrayBuffer()));
    return new Response(null, { status: 202 });
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.answer;
  await service.broadcastFromApi(verdict.claims, [{ topic, event, payload: body.value, private: isPrivate }]);
  return new Response(null, { status: 202 });
}

export async function handleRealtime(
  request: Request,
  ctx: GatewayContext,
  _info: Deno.ServeHandlerInfo,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "/realtime/v1/websocket") {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return json(400, { message: "/realtime/v1/websocket expects a websocket upgrade" });
    }
    return await realtimeFor(ctx).upgrade(request);
  }
  if (path === "/realtime/v1/api/broadcast") {
    if (request.method !== "POST") return json(405, { message: "use POST" });
    return await apiBroadcast(request, ctx);
  }
  const topicEvent = path.match(/^\/realtime\/v1\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/);
  if (topicEvent) {
    if (request.method !== "POST") return json(405, { message: "use POST" });
    return await apiTopicEvent(request, ctx, decodeURIComponent(topicEvent[1]), decodeURIComponent(topicEvent[2]));
  }
  return json(404, { message: "Not Found" });
}
