// Realtime's channels: a client socket, the channels it has joined, and the index that finds the
// channels on a broadcast topic or with postgres_changes bindings on a table.

import type { JwtClaims } from "../../jwt.ts";
import type { Vsn } from "./protocol.ts";
import type { ChangeBinding } from "./bindings.ts";

export interface ClientSocket {
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

export interface Channel {
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

/** Sends one encoded frame to a socket (closing it when it cannot keep up). */
export type SendFrame = (client: ClientSocket, frame: string | Uint8Array) => void;

const TABLE_WILDCARD = "*";

function topicKey(isPrivate: boolean, name: string): string {
  return `${isPrivate ? "private" : "public"}:${name}`;
}

/** Role and claims as one key: subscribers with equal keys get one RLS check between them. */
export function audienceKeyOf(role: string, claims: JwtClaims): string {
  return `${role}\u0000${JSON.stringify(claims)}`;
}

/** Whether the channel is still joined on an open socket (not left, replaced or closed). */
export function isLive(channel: Channel): boolean {
  return !channel.socket.closed && channel.socket.channels.get(channel.topic) === channel;
}

function tableKey(binding: ChangeBinding): string {
  if (binding.schema === "*") return TABLE_WILDCARD;
  return `${binding.schema}.${binding.table ?? "*"}`;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, set = new Set());
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/** The joined channels by broadcast topic and by the tables their postgres_changes bindings watch. */
export class ChannelIndex {
  #topics = new Map<string, Set<Channel>>();
  /** "schema.table", "schema.*" and "*" -> channels with postgres_changes bindings there */
  #tables = new Map<string, Set<Channel>>();

  add(channel: Channel): void {
    channel.socket.channels.set(channel.topic, channel);
    addTo(this.#topics, topicKey(channel.isPrivate, channel.name), channel);
    for (const binding of channel.bindings) addTo(this.#tables, tableKey(binding), channel);
  }

  remove(channel: Channel): void {
    if (channel.expiryTimer !== null) clearTimeout(channel.expiryTimer);
    channel.expiryTimer = null;
    if (channel.socket.channels.get(channel.topic) === channel) channel.socket.channels.delete(channel.topic);
    removeFrom(this.#topics, topicKey(channel.isPrivate, channel.name), channel);
    for (const binding of channel.bindings) removeFrom(this.#tables, tableKey(binding), channel);
  }

  /** The channels joined to a broadcast topic. */
  members(isPrivate: boolean, name: string): Set<Channel> | undefined {
    return this.#topics.get(topicKey(isPrivate, name));
  }

  /** The channels with a binding on the table, its schema or everything (each once). */
  watching(schema: string, table: string): Set<Channel> {
    const candidates = new Set<Channel>();
    for (const key of [`${schema}.${table}`, `${schema}.*`, TABLE_WILDCARD]) {
      for (const channel of this.#tables.get(key) ?? []) candidates.add(channel);
    }
    return candidates;
  }
}
