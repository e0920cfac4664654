// Supabase Realtime for the local platform: Phoenix channels over one
// websocket per client, broadcast (client to client, and from the database
// through realtime.send), and postgres_changes read from the WAL.
//
// Fan-out is built for many subscribers per topic: a broadcast is serialised
// once per protocol version and the same string is sent to every socket; a
// database change costs one query however many sockets match, with every
// distinct (role, claims) audience batched into it.

import type postgres from "postgres";
import type { Sql } from "../context.ts";
import { fromBase64url, type JwtClaims, JwtError, verifyJwt } from "../../jwt.ts";
import { apiKeyClaims } from "../../keys.ts";
import {
  type BinaryBroadcast,
  decodeBinary,
  decodeText,
  encodeBinaryBroadcast,
  encodeText,
  encodeTextWithRawPayload,
  isBinaryBroadcast,
  type Message,
  ProtocolError,
  type Vsn,
} from "./protocol.ts";
import { BindingError, bindingMatches, type ChangeBinding, type ChangeEvent, compileBinding } from "./bindings.ts";
import type { WalChange, WalColumn, WalReader } from "./wal.ts";

export interface RealtimeOptions {
  jwtSecret: string;
  /** the gateway's superuser pool: catalog checks, RLS checks, pruning */
  sql: Sql;
  /** a socket that sends nothing for this long is closed (Phoenix's 60 s) */
  heartbeatTimeoutMs: number;
  /** incoming frames larger than this close the socket (1009) */
  maxFrameBytes: number;
  /** a socket whose unsent backlog grows past this is closed as a slow consumer */
  maxBufferedBytes: number;
  log: (message: string) => void;
}

interface ClientSocket {
  id: number;
  ws: WebSocket;
  vsn: Vsn;
  /** the token the socket connected with (apikey); a join without access_token uses it */
  connectToken: string;
  channels: Map<string, Channel>;
  lastSeen: number;
  /** messages of one socket are handled in order, like a Phoenix channel process */
  queue: Promise<void>;
  closed: boolean;
}

interface Channel {
  socket: ClientSocket;
  /** "realtime:<name>" as the client sent it */
  topic: string;
  /** "<name>": what realtime.send and other clients address */
  name: string;
  joinRef: string | null;
  isPrivate: boolean;
  ackBroadcast: boolean;
  selfBroadcast: boolean;
  token: string;
  claims: JwtClaims;
  role: string;
  /** role and claims: subscribers with equal keys get one RLS check between them */
  audienceKey: string;
  bindings: ChangeBinding[];
  /** private channels: cached answer of the write policy for client broadcasts */
  canWrite: Promise<boolean> | null;
  /** fires when the token expires: Realtime closes a channel whose token ran out */
  expiryTimer: ReturnType<typeof setTimeout> | null;
}

type Audience = { role: string; claims: JwtClaims; targets: { channel: Channel; ids: number[] }[] };

const ACTIONS: Record<WalChange["action"], ChangeEvent> = { I: "INSERT", U: "UPDATE", D: "DELETE" };
const JSON_TYPE_OIDS = new Set(["114", "3802"]);
const TABLE_WILDCARD = "*";

function topicKey(isPrivate: boolean, name: string): string {
  return `${isPrivate ? "private" : "public"}:${name}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePayloadPart(token: string): JwtClaims | null {
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(token.split(".")[1] ?? "")));
    return isRecord(claims) ? claims as JwtClaims : null;
  } catch {
    return null;
  }
}

/** Supabase Realtime's answer to a token it will not accept, as "Code: message". */
export async function checkToken(
  token: unknown,
  secret: string,
): Promise<{ ok: true; claims: JwtClaims } | { ok: false; reason: string }> {
  if (typeof token !== "string" || token === "") {
    return { ok: false, reason: "MalformedJWT: The token provided is not a valid JWT" };
  }
  const cleaned = token.replace(/\s/g, "");
  // a publishable or secret key joins as its role (anon, service_role), as on hosted Realtime
  const keyClaims = apiKeyClaims(cleaned);
  if (keyClaims) return { ok: true, claims: keyClaims };
  try {
    const claims = await verifyJwt(cleaned, secret);
    if (typeof claims.role !== "string" || typeof claims.exp !== "number") {
      return { ok: false, reason: "InvalidJWTToken: Fields `role` and `exp` are required in JWT" };
    }
    return { ok: true, claims };
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    switch (error.reason) {
      case "expired": {
        const exp = Number(decodePayloadPart(cleaned)?.exp);
        const ago = Math.max(0, Math.floor(Date.now() / 1000) - exp);
        return { ok: false, reason: `InvalidJWTToken: Token has expired ${ago} seconds ago` };
      }
      case "signature":
        return { ok: false, reason: "JwtSignatureError: Failed to validate JWT signature" };
      case "algorithm":
        return {
          ok: false,
          reason: "JwtSignerError: Failed to generate JWT signer, check your JWT secret or JWKS configuration",
        };
      default:
        return { ok: false, reason: "MalformedJWT: The token provided is not a valid JWT" };
    }
  }
}

/** Text of each column value, as filters compare them. */
function textValues(columns: WalColumn[]): Map<string, string | null> {
  const values = new Map<string, string | null>();
  for (const c of columns) values.set(c.name, c.value === null ? null : String(c.value));
  return values;
}

/** Values for jsonb_populate_record: text for everything but json columns, which go in parsed. */
function populateValues(columns: WalColumn[]): Record<string, unknown> | null {
  if (columns.length === 0) return null;
  const values: Record<string, unknown> = {};
  for (const c of columns) {
    if (c.value !== null && JSON_TYPE_OIDS.has(String(c.typeoid)) && typeof c.value === "string") {
      try {
        values[c.name] = JSON.parse(c.value);
        continue;
      } catch {
        // fall through: hand Postgres the text
      }
    }
    values[c.name] = c.value;
  }
  return values;
}

function pick(record: Record<string, unknown> | null, keys: Iterable<string>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (!record) return picked;
  for (const key of keys) if (key in record) picked[key] = record[key];
  return picked;
}

/** wal2json's commit time (UTC session) in Realtime's form: 2024-01-01T10:00:00Z */
function commitTimestamp(walTimestamp: string): string {
  return `${walTimestamp.slice(0, 19).replace(" ", "T")}Z`;
}

export class RealtimeService {
  #options: RealtimeOptions;
  #wal: WalReader | null = null;
  #sockets = new Set<ClientSocket>();
  #topics = new Map<string, Set<Channel>>();
  /** "schema.table", "schema.*" and "*" -> channels with postgres_changes bindings there */
  #tables = new Map<string, Set<Channel>>();
  #nextSocketId = 1;
  #sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(options: RealtimeOptions) {
    this.#options = options;
    const every = Math.max(250, Math.min(5000, Math.floor(options.heartbeatTimeoutMs / 3)));
    this.#sweeper = setInterval(() => this.#sweep(), every);
  }

  attachWal(wal: WalReader): void {
    this.#wal = wal;
  }

  /** Accepts a websocket upgrade for /realtime/v1/websocket, or refuses it as Realtime does (403). */
  async upgrade(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const vsn = url.searchParams.get("vsn") ?? "1.0.0";
    if (vsn !== "1.0.0" && vsn !== "2.0.0") {
      return Response.json({ message: `unsupported protocol version (vsn) ${vsn}` }, { status: 403 });
    }
    const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const bearerProtocol = offered.find((p) => p.startsWith("base64url.bearer.phx."));
    let token = request.headers.get("x-api-key") ?? url.searchParams.get("apikey");
    if (!token && bearerProtocol) {
      try {
        // despite the name, phoenix sends btoa() output (+ and /) with the padding
        // stripped; other clients send real base64url: map both onto base64url
        const encoded = bearerProtocol.slice("base64url.bearer.phx.".length)
          .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
        token = new TextDecoder().decode(fromBase64url(encoded));
      } catch {
        token = null;
      }
    }
    const verdict = await checkToken(token, this.#options.jwtSecret);
    if (!verdict.ok) return Response.json({ message: verdict.reason }, { status: 403 });

    const { socket: ws, response } = Deno.upgradeWebSocket(request, {
      protocol: offered.includes("phoenix") ? "phoenix" : undefined,
      // Phoenix heartbeats are the liveness signal; no extra ping/pong
      idleTimeout: 0,
    });
    ws.binaryType = "arraybuffer";
    const client: ClientSocket = {
      id: this.#nextSocketId++,
      ws,
      vsn,
      connectToken: token!,
      channels: new Map(),
      lastSeen: Date.now(),
      queue: Promise.resolve(),
      closed: false,
    };
    this.#sockets.add(client);
    ws.onmessage = (event) => this.#onFrame(client, event.data);
    ws.onclose = () => this.#dropSocket(client);
    ws.onerror = () => this.#dropSocket(client);
    return response;
  }

  #onFrame(client: ClientSocket, data: unknown): void {
    if (client.closed) return;
    client.lastSeen = Date.now();
    let message: Message | BinaryBroadcast;
    try {
      if (typeof data === "string") {
        if (data.length > this.#options.maxFrameBytes) return this.#closeSocket(client, 1009, "message too big");
        message = decodeText(data, client.vsn);
      } else if (data instanceof ArrayBuffer) {
        if (data.byteLength > this.#options.maxFrameBytes) return this.#closeSocket(client, 1009, "message too big");
        if (client.vsn !== "2.0.0") throw new ProtocolError("binary frames need vsn 2.0.0");
        message = decodeBinary(new Uint8Array(data));
      } else {
        throw new ProtocolError("unsupported frame type");
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      // a garbage frame ends this client's socket only; everyone else carries on
      return this.#closeSocket(client, 1003, error.message);
    }
    client.queue = client.queue
      .then(() => this.#handle(client, message))
      .catch((error) => {
        this.#options.log(`realtime: socket ${client.id}: ${message.event} on ${message.topic}: ${error}`);
        if (message.ref !== null) {
          this.#reply(client, message, "error", { reason: "Unknown Error on Channel" });
        }
      });
  }

  #send(client: ClientSocket, frame: string | Uint8Array): void {
    if (client.closed || client.ws.readyState !== WebSocket.OPEN) return;
    if (client.ws.bufferedAmount > this.#options.maxBufferedBytes) {
      this.#closeSocket(client, 1013, "slow consumer: too many unsent messages");
      return;
    }
    try {
      client.ws.send(frame);
    } catch {
      this.#dropSocket(client);
    }
  }

  #push(client: ClientSocket, message: Message): void {
    this.#send(client, encodeText(message, client.vsn));
  }

  #reply(
    client: ClientSocket,
    to: { join_ref: string | null; ref: string | null; topic: string },
    status: string,
    response: unknown,
  ) {
    this.#push(client, {
      join_ref: to.join_ref,
      ref: to.ref,
      topic: to.topic,
      event: "phx_reply",
      payload: { status, response },
    });
  }

  async #handle(client: ClientSocket, message: Message | BinaryBroadcast): Promise<void> {
    if (client.closed) return;
    if (message.topic === "phoenix") {
      if (message.event === "heartbeat") return this.#reply(client, message, "ok", {});
      return this.#reply(client, message, "error", { reason: "unmatched topic" });
    }
    if (message.event === "phx_join") return await this.#join(client, message as Message);

    const channel = client.channels.get(message.topic);
    if (!channel) return this.#reply(client, message, "error", { reason: "unmatched topic" });

    if (isBinaryBroadcast(message)) return await this.#clientBroadcast(channel, message, null);
    switch (message.event) {
      case "broadcast":
        return await this.#clientBroadcast(channel, message, message.payload);
      case "access_token":
        return await this.#refreshToken(channel, message.payload);
      case "phx_leave":
        this.#removeChannel(channel);
        return this.#reply(client, message, "ok", {});
      case "presence":
        return this.#reply(client, message, "error", {
          reason: "Presence is not supported by the local platform (scripts/stack); use broadcast",
        });
      default:
        // Realtime ignores events it does not know (and logs them at info level)
        return;
    }
  }

  async #join(client: ClientSocket, message: Message): Promise<void> {
    const fail = (reason: string) => this.#reply(client, message, "error", { reason });
    if (!message.topic.startsWith("realtime:")) return fail("unmatched topic");
    const name = message.topic.slice("realtime:".length);
    if (name === "") return fail("TopicNameRequired: You must provide a topic name");
    const payload = isRecord(message.payload) ? message.payload : {};
    const config = isRecord(payload.config) ? payload.config : {};
    const broadcast = isRecord(config.broadcast) ? config.broadcast : {};
    const isPrivate = config.private === true;

    // a publishable "sb_" key, or no token at all, means the socket's own apikey
    const offered = typeof payload.access_token === "string"
      ? payload.access_token
      : typeof payload.user_token === "string"
      ? payload.user_token
      : null;
    const token = offered && !offered.startsWith("sb_") ? offered : client.connectToken;
    const verdict = await checkToken(token, this.#options.jwtSecret);
    if (!verdict.ok) return fail(verdict.reason);
    const claims = verdict.claims;
    const role = claims.role as string;

    if (isPrivate && !await this.#channelAccess(name, role, claims, "read")) {
      return fail(`Unauthorized: You do not have permissions to read from this Channel topic: ${name}`);
    }

    const bindings: ChangeBinding[] = [];
    const rawBindings = Array.isArray(config.postgres_changes) ? config.postgres_changes : [];
    for (const raw of rawBindings) {
      if (raw === null) continue;
      try {
        bindings.push(await compileBinding(this.#options.sql, raw, role));
      } catch (error) {
        if (error instanceof BindingError) return fail(error.message);
        throw error;
      }
    }

    // once the join is acknowledged, every later commit must reach this channel
    if (this.#wal && !await this.#walReady(5000)) {
      return fail("UnableToConnectToProject: Realtime was unable to connect to the project database");
    }
    if (client.closed) return;

    const existing = client.channels.get(message.topic);
    if (existing) {
      // Phoenix closes the old channel on a duplicate join of the same topic
      this.#removeChannel(existing);
      this.#push(client, {
        join_ref: existing.joinRef,
        ref: null,
        topic: existing.topic,
        event: "phx_close",
        payload: {},
      });
    }

    const channel: Channel = {
      socket: client,
      topic: message.topic,
      name,
      joinRef: message.join_ref ?? message.ref,
      isPrivate,
      ackBroadcast: broadcast.ack === true,
      selfBroadcast: broadcast.self === true,
      token,
      claims,
      role,
      audienceKey: `${role}\u0000${JSON.stringify(claims)}`,
      bindings,
      canWrite: null,
      expiryTimer: null,
    };
    this.#addChannel(channel);
    this.#watchExpiry(channel);
    this.#reply(client, message, "ok", { postgres_changes: bindings.map((b) => b.reply) });
    if (bindings.length > 0) {
      this.#push(client, {
        join_ref: channel.joinRef,
        ref: null,
        topic: channel.topic,
        event: "system",
        payload: { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: name },
      });
    }
  }

  async #walReady(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), timeoutMs));
    try {
      return await Promise.race([this.#wal!.ready().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #tableKeys(binding: ChangeBinding): string {
    if (binding.schema === "*") return TABLE_WILDCARD;
    return `${binding.schema}.${binding.table ?? "*"}`;
  }

  #addChannel(channel: Channel): void {
    channel.socket.channels.set(channel.topic, channel);
    const key = topicKey(channel.isPrivate, channel.name);
    let members = this.#topics.get(key);
    if (!members) this.#topics.set(key, members = new Set());
    members.add(channel);
    for (const binding of channel.bindings) {
      const tableKey = this.#tableKeys(binding);
      let subscribers = this.#tables.get(tableKey);
      if (!subscribers) this.#tables.set(tableKey, subscribers = new Set());
      subscribers.add(channel);
    }
  }

  /** Like Realtime's confirm_token timer: at exp, a channel whose token was not refreshed is shut down. */
  #watchExpiry(channel: Channel): void {
    if (channel.expiryTimer !== null) clearTimeout(channel.expiryTimer);
    const exp = Number(channel.claims.exp) * 1000;
    // timers cannot wait longer than ~24 days; re-arm hourly until the token is near its end
    const wait = Math.min(Math.max(0, exp - Date.now()), 3_600_000);
    const token = channel.token;
    channel.expiryTimer = setTimeout(() => {
      channel.expiryTimer = null;
      if (!this.#isLive(channel) || channel.token !== token) return;
      if (Date.now() < exp) return this.#watchExpiry(channel);
      const ago = Math.max(0, Math.floor((Date.now() - exp) / 1000));
      this.#shutdownChannel(channel, `Token has expired ${ago} seconds ago`);
    }, wait);
  }

  #removeChannel(channel: Channel): void {
    if (channel.expiryTimer !== null) clearTimeout(channel.expiryTimer);
    channel.expiryTimer = null;
    if (channel.socket.channels.get(channel.topic) === channel) channel.socket.channels.delete(channel.topic);
    const key = topicKey(channel.isPrivate, channel.name);
    const members = this.#topics.get(key);
    members?.delete(channel);
    if (members?.size === 0) this.#topics.delete(key);
    for (const binding of channel.bindings) {
      const tableKey = this.#tableKeys(binding);
      const subscribers = this.#tables.get(tableKey);
      subscribers?.delete(channel);
      if (subscribers?.size === 0) this.#tables.delete(tableKey);
    }
  }

  #isLive(channel: Channel): boolean {
    return !channel.socket.closed && channel.socket.channels.get(channel.topic) === channel;
  }

  async #channelAccess(name: string, role: string, claims: JwtClaims, access: "read" | "write"): Promise<boolean> {
    const [row] = await this.#options.sql<{ allowed: boolean }[]>`
      select realtime.local_channel_access(${name}, ${role}, ${
      this.#options.sql.json(claims as postgres.JSONValue)
    }::jsonb, ${access}) as allowed
    `;
    return row.allowed === true;
  }

  async #refreshToken(channel: Channel, payload: unknown): Promise<void> {
    const token = isRecord(payload) ? payload.access_token : undefined;
    // Realtime ignores a null token, the one already in use, and publishable keys
    if (token === null || token === undefined || token === channel.token) return;
    if (typeof token === "string" && token.startsWith("sb_")) return;
    const verdict = await checkToken(token, this.#options.jwtSecret);
    if (!verdict.ok) return this.#shutdownChannel(channel, verdict.reason.replace(/^[A-Za-z]+: /, ""));
    const role = verdict.claims.role as string;
    if (channel.isPrivate && !await this.#channelAccess(channel.name, role, verdict.claims, "read")) {
      return this.#shutdownChannel(
        channel,
        `You no longer have permission to read from this Channel topic: ${channel.name}`,
      );
    }
    channel.token = token as string;
    channel.claims = verdict.claims;
    channel.role = role;
    channel.audienceKey = `${role}\u0000${JSON.stringify(verdict.claims)}`;
    channel.canWrite = null;
    this.#watchExpiry(channel);
  }

  /** Realtime's shutdown_response: a system error, then the channel closes. */
  #shutdownChannel(channel: Channel, message: string): void {
    const client = channel.socket;
    this.#push(client, {
      join_ref: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: "system",
      payload: { extension: "system", status: "error", message, channel: channel.name },
    });
    this.#removeChannel(channel);
    this.#push(client, { join_ref: channel.joinRef, ref: null, topic: channel.topic, event: "phx_close", payload: {} });
  }

  async #clientBroadcast(channel: Channel, message: Message | BinaryBroadcast, payload: unknown): Promise<void> {
    const client = channel.socket;
    if (channel.isPrivate) {
      channel.canWrite ??= this.#channelAccess(channel.name, channel.role, channel.claims, "write");
      if (!await channel.canWrite) {
        // Realtime drops a broadcast the write policy refuses
        if (channel.ackBroadcast && message.ref !== null) this.#reply(client, message, "error", {});
        return;
      }
    }
    const exclude = channel.selfBroadcast ? null : channel;
    if (isBinaryBroadcast(message)) {
      this.#fanOutBinary(channel.isPrivate, channel.name, message.userEvent, message.payload, exclude);
    } else {
      this.deliverBroadcast(channel.isPrivate, channel.name, JSON.stringify(payload), exclude);
    }
    if (channel.ackBroadcast && message.ref !== null) this.#reply(client, message, "ok", {});
  }

  /**
   * Sends a broadcast whose payload is already JSON text to every channel on
   * the topic: one serialisation per protocol version, whatever the audience.
   */
  deliverBroadcast(isPrivate: boolean, name: string, payloadJson: string, exclude: Channel | null = null): number {
    const members = this.#topics.get(topicKey(isPrivate, name));
    if (!members) return 0;
    const topic = `realtime:${name}`;
    const frames: Partial<Record<Vsn, string>> = {};
    let sent = 0;
    for (const channel of members) {
      if (channel === exclude) continue;
      // every member joined as "realtime:" + name (join refuses any other topic), so one frame per vsn fits all
      const vsn = channel.socket.vsn;
      this.#send(
        channel.socket,
        frames[vsn] ??= encodeTextWithRawPayload(null, null, topic, "broadcast", payloadJson, vsn),
      );
      sent++;
    }
    return sent;
  }

  #fanOutBinary(isPrivate: boolean, name: string, userEvent: string, payload: Uint8Array, exclude: Channel | null) {
    const members = this.#topics.get(topicKey(isPrivate, name));
    if (!members) return;
    let frame: Uint8Array | null = null;
    for (const channel of members) {
      // vsn 1.0.0 cannot carry bytes; Realtime skips those sockets too
      if (channel === exclude || channel.socket.vsn !== "2.0.0") continue;
      frame ??= encodeBinaryBroadcast(channel.topic, userEvent, payload);
      this.#send(channel.socket, frame);
    }
  }

  /** Broadcast through the REST endpoint (/realtime/v1/api/broadcast); private topics need the write policy. */
  async broadcastFromApi(
    claims: JwtClaims,
    messages: { topic: string; event: string; payload: unknown; private: boolean }[],
  ): Promise<void> {
    const role = String(claims.role);
    const writable = new Map<string, boolean>();
    for (const m of messages) {
      if (m.private) {
        if (!writable.has(m.topic)) writable.set(m.topic, await this.#channelAccess(m.topic, role, claims, "write"));
        if (!writable.get(m.topic)) continue;
      }
      this.deliverBroadcast(
        m.private,
        m.topic,
        JSON.stringify({ type: "broadcast", event: m.event, payload: m.payload }),
      );
    }
  }

  binaryBroadcastFromApi(name: string, userEvent: string, payload: Uint8Array): void {
    this.#fanOutBinary(false, name, userEvent, payload, null);
  }

  /** Called by the WAL reader with each decoded batch, in commit order. */
  async handleChanges(changes: WalChange[]): Promise<void> {
    // render and authorize the batch concurrently, deliver strictly in order
    const prepared = changes.map((change) =>
      this.#prepare(change).catch((error) => {
        this.#options.log(`realtime: ${change.schema}.${change.table}: ${(error as Error).message}`);
        return null;
      })
    );
    for (const deliver of prepared) (await deliver)?.();
  }

  #prepare(change: WalChange): Promise<(() => void) | null> {
    if (change.schema === "realtime" && change.table === "messages") {
      return Promise.resolve(change.action === "I" ? () => this.#databaseBroadcast(change) : null);
    }
    const event = ACTIONS[change.action];
    if (!event) return Promise.resolve(null);

    const candidates = new Set<Channel>();
    for (const key of [`${change.schema}.${change.table}`, `${change.schema}.*`, TABLE_WILDCARD]) {
      for (const channel of this.#tables.get(key) ?? []) candidates.add(channel);
    }
    if (candidates.size === 0) return Promise.resolve(null);

    const values = textValues(change.columns);
    const audiences = new Map<string, Audience>();
    for (const channel of candidates) {
      const ids = channel.bindings
        .filter((b) => bindingMatches(b, change.schema, change.table, event, values))
        .map((b) => b.id);
      if (ids.length === 0) continue;
      let audience = audiences.get(channel.audienceKey);
      if (!audience) {
        audiences.set(channel.audienceKey, audience = { role: channel.role, claims: channel.claims, targets: [] });
      }
      audience.targets.push({ channel, ids });
    }
    if (audiences.size === 0) return Promise.resolve(null);
    return this.#render(change, event, [...audiences.values()]);
  }

  async #render(change: WalChange, event: ChangeEvent, audiences: Audience[]): Promise<() => void> {
    const entity = `${quoteIdent(change.schema)}.${quoteIdent(change.table)}`;
    const newValues = event === "DELETE" ? null : populateValues(change.columns);
    const oldValues = event === "INSERT" ? null : populateValues(change.identity);
    const sql = this.#options.sql;
    const [row] = await sql<{ rendered: RenderResult }[]>`
      select realtime.local_render_change(
        ${entity}::regclass, ${event},
        ${newValues === null ? null : sql.json(newValues as postgres.JSONValue)}::jsonb,
        ${oldValues === null ? null : sql.json(oldValues as postgres.JSONValue)}::jsonb,
        ${sql.json(audiences.map((a) => ({ role: a.role, claims: a.claims })) as postgres.JSONValue)}::jsonb
      ) as rendered
    `;
    const rendered = row.rendered;
    const identityNames = change.identity.map((c) => c.name);
    const committedAt = commitTimestamp(change.timestamp);
    return () => {
      audiences.forEach((audience, i) => {
        const verdict = rendered.audiences[i];
        if (!verdict?.visible) return;
        const selectable = new Set(verdict.selectable);
        const data: Record<string, unknown> = {
          schema: change.schema,
          table: change.table,
          commit_timestamp: committedAt,
          type: event,
          columns: verdict.error ? [] : rendered.columns.filter((c) => selectable.has(c.name)),
        };
        if (!verdict.error) {
          if (event !== "DELETE") data.record = pick(rendered.record, verdict.selectable);
          if (event !== "INSERT") {
            data.old_record = pick(
              rendered.old_record,
              identityNames.filter((n) => selectable.has(n)),
            );
          }
        }
        data.errors = verdict.error ? [verdict.error] : null;
        const dataJson = JSON.stringify(data);
        for (const { channel, ids } of audience.targets) {
          if (!this.#isLive(channel)) continue;
          this.#send(
            channel.socket,
            encodeTextWithRawPayload(
              null,
              null,
              channel.topic,
              "postgres_changes",
              `{"ids":${JSON.stringify(ids)},"data":${dataJson}}`,
              channel.socket.vsn,
            ),
          );
        }
      });
    };
  }

  #databaseBroadcast(change: WalChange): void {
    const field = (name: string) => change.columns.find((c) => c.name === name)?.value ?? null;
    if (field("extension") !== "broadcast") return;
    const topic = field("topic");
    if (typeof topic !== "string") return;
    const event = field("event");
    const payload = field("payload");
    const payloadJson = `{"type":"broadcast","event":${JSON.stringify(event)},"payload":${
      typeof payload === "string" ? payload : "null"
    },"meta":{"id":${JSON.stringify(field("id"))}}}`;
    this.deliverBroadcast(field("private") === true, topic, payloadJson);
  }

  #closeSocket(client: ClientSocket, code: number, reason: string): void {
    if (client.closed) return;
    try {
      client.ws.close(code, reason.slice(0, 120));
    } catch {
      // already closing
    }
    this.#dropSocket(client);
  }

  #dropSocket(client: ClientSocket): void {
    if (client.closed) return;
    client.closed = true;
    for (const channel of [...client.channels.values()]) this.#removeChannel(channel);
    this.#sockets.delete(client);
  }

  #sweep(): void {
    const deadline = Date.now() - this.#options.heartbeatTimeoutMs;
    for (const client of [...this.#sockets]) {
      if (client.lastSeen < deadline) this.#closeSocket(client, 1000, "heartbeat timeout");
    }
  }

  close(): void {
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
    this.#sweeper = null;
    for (const client of [...this.#sockets]) this.#closeSocket(client, 1001, "server shutting down");
  }
}

interface RenderResult {
  columns: { name: string; type: string }[];
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
  audiences: { visible: boolean; selectable: string[]; error: string | null }[];
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
