// Supabase Realtime for the local platform: Phoenix channels over one
// websocket per client, broadcast (client to client, and from the database
// through realtime.send), and postgres_changes read from the WAL.
//
// Fan-out is built for many subscribers per topic: a broadcast is serialised
// once per protocol version and the same string is sent to every socket; a
// database change costs one query however many sockets match, with every
// distinct (role, claims) audience batched into it.
//
// This file is the socket and channel lifecycle (connect, join, leave, token refresh and expiry,
// heartbeats); the parts it hands work to: tokens.ts (which tokens are accepted), channels.ts (the
// channel index), broadcast.ts (fan-out) and postgres_changes.ts (WAL changes to messages). Presence is
// not supported: a presence event gets Realtime's error reply, and apps use broadcast instead.

import type postgres from "postgres";
import type { Sql } from "../context.ts";
import type { JwtClaims } from "../../jwt.ts";
import {
  type BinaryBroadcast,
  decodeBinary,
  decodeText,
  encodeText,
  isBinaryBroadcast,
  type Message,
  ProtocolError,
} from "./protocol.ts";
import { BindingError, type ChangeBinding, compileBinding } from "./bindings.ts";
import type { WalChange, WalReader } from "./wal.ts";
import { checkToken, isRecord, tokenFromBearerProtocol } from "./tokens.ts";
import { audienceKeyOf, type Channel, ChannelIndex, type ClientSocket, isLive } from "./channels.ts";
import { databaseBroadcast, deliverBroadcast, fanOutBinary } from "./broadcast.ts";
import { preparePostgresChange } from "./postgres_changes.ts";

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

export class RealtimeService {
  #options: RealtimeOptions;
  #wal: WalReader | null = null;
  #sockets = new Set<ClientSocket>();
  #channels = new ChannelIndex();
  #sendFrame = (client: ClientSocket, frame: string | Uint8Array) => this.#send(client, frame);
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
    if (!token && bearerProtocol) token = tokenFromBearerProtocol(bearerProtocol);
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
        this.#channels.remove(channel);
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
      this.#channels.remove(existing);
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
      audienceKey: audienceKeyOf(role, claims),
      bindings,
      canWrite: null,
      expiryTimer: null,
    };
    this.#channels.add(channel);
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

  /** Like Realtime's confirm_token timer: at exp, a channel whose token was not refreshed is shut down. */
  #watchExpiry(channel: Channel): void {
    if (channel.expiryTimer !== null) clearTimeout(channel.expiryTimer);
    const exp = Number(channel.claims.exp) * 1000;
    // timers cannot wait longer than ~24 days; re-arm hourly until the token is near its end
    const wait = Math.min(Math.max(0, exp - Date.now()), 3_600_000);
    const token = channel.token;
    channel.expiryTimer = setTimeout(() => {
      channel.expiryTimer = null;
      if (!isLive(channel) || channel.token !== token) return;
      if (Date.now() < exp) return this.#watchExpiry(channel);
      const ago = Math.max(0, Math.floor((Date.now() - exp) / 1000));
      this.#shutdownChannel(channel, `Token has expired ${ago} seconds ago`);
    }, wait);
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
    channel.audienceKey = audienceKeyOf(role, verdict.claims);
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
    this.#channels.remove(channel);
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
      fanOutBinary(
        this.#channels,
        this.#sendFrame,
        channel.isPrivate,
        channel.name,
        message.userEvent,
        message.payload,
        exclude,
      );
    } else {
      this.deliverBroadcast(channel.isPrivate, channel.name, JSON.stringify(payload), exclude);
    }
    if (channel.ackBroadcast && message.ref !== null) this.#reply(client, message, "ok", {});
  }

  /** Sends a broadcast whose payload is already JSON text to every channel on the topic. */
  deliverBroadcast(isPrivate: boolean, name: string, payloadJson: string, exclude: Channel | null = null): number {
    return deliverBroadcast(this.#channels, this.#sendFrame, isPrivate, name, payloadJson, exclude);
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
    fanOutBinary(this.#channels, this.#sendFrame, false, name, userEvent, payload, null);
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
      const broadcast = change.action === "I" ? databaseBroadcast(change) : null;
      if (!broadcast) return Promise.resolve(null);
      return Promise.resolve(() => {
        this.deliverBroadcast(broadcast.isPrivate, broadcast.topic, broadcast.payloadJson);
      });
    }
    return preparePostgresChange(change, this.#channels, this.#options.sql, this.#sendFrame);
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
    for (const channel of [...client.channels.values()]) this.#channels.remove(channel);
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
