// Realtime broadcast fan-out: a message is serialised once per protocol version and the same frame goes
// to every channel on the topic, from a client, the REST endpoint or the database (realtime.send).

import { encodeBinaryBroadcast, encodeTextWithRawPayload, type Vsn } from "./protocol.ts";
import type { Channel, ChannelIndex, SendFrame } from "./channels.ts";
import type { WalChange } from "./wal.ts";

/**
 * Sends a broadcast whose payload is already JSON text to every channel on
 * the topic: one serialisation per protocol version, whatever the audience.
 */
export function deliverBroadcast(
  index: ChannelIndex,
  send: SendFrame,
  isPrivate: boolean,
  name: string,
  payloadJson: string,
  exclude: Channel | null = null,
): number {
  const members = index.members(isPrivate, name);
  if (!members) return 0;
  const topic = `realtime:${name}`;
  const frames: Partial<Record<Vsn, string>> = {};
  let sent = 0;
  for (const channel of members) {
    if (channel === exclude) continue;
    // every member joined as "realtime:" + name (join refuses any other topic), so one frame per vsn fits all
    const vsn = channel.socket.vsn;
    send(channel.socket, frames[vsn] ??= encodeTextWithRawPayload(null, null, topic, "broadcast", payloadJson, vsn));
    sent++;
  }
  return sent;
}

/** Sends a binary broadcast to the topic's vsn 2.0.0 channels (1.0.0 cannot carry bytes; Realtime skips them too). */
export function fanOutBinary(
  index: ChannelIndex,
  send: SendFrame,
  isPrivate: boolean,
  name: string,
  userEvent: string,
  payload: Uint8Array,
  exclude: Channel | null,
): void {
  const members = index.members(isPrivate, name);
  if (!members) return;
  let frame: Uint8Array | null = null;
  for (const channel of members) {
    if (channel === exclude || channel.socket.vsn !== "2.0.0") continue;
    frame ??= encodeBinaryBroadcast(channel.topic, userEvent, payload);
    send(channel.socket, frame);
  }
}

/** A row inserted into realtime.messages as the broadcast it stands for, or null when it is none. */
export function databaseBroadcast(
  change: WalChange,
): { isPrivate: boolean; topic: string; payloadJson: string } | null {
  const field = (name: string) => change.columns.find((c) => c.name === name)?.value ?? null;
  if (field("extension") !== "broadcast") return null;
  const topic = field("topic");
  if (typeof topic !== "string") return null;
  const event = field("event");
  const payload = field("payload");
  const payloadJson = `{"type":"broadcast","event":${JSON.stringify(event)},"payload":${
    typeof payload === "string" ? payload : "null"
  },"meta":{"id":${JSON.stringify(field("id"))}}}`;
  return { isPrivate: field("private") === true, topic, payloadJson };
}
