// The Phoenix wire format as realtime-js 2.x speaks it.
//
//   vsn 1.0.0: every frame is a JSON object {join_ref, ref, topic, event, payload}
//   vsn 2.0.0: every text frame is a JSON array [join_ref, ref, topic, event, payload];
//              binary frames carry broadcasts (realtime-js lib/serializer.ts):
//                kind 3 "user broadcast push" (client -> server)
//                  u8 kind, u8 len(join_ref), u8 len(ref), u8 len(topic), u8 len(event),
//                  u8 len(metadata), u8 encoding (0 binary, 1 JSON), then those bytes, then the payload
//                kind 4 "user broadcast" (server -> client)
//                  u8 kind, u8 len(topic), u8 len(event), u8 len(metadata), u8 encoding, then bytes

export type Vsn = "1.0.0" | "2.0.0";

export interface Message {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A client broadcast whose payload is raw bytes; it can only travel as a binary frame. */
export interface BinaryBroadcast {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: "broadcast";
  /** the user event name inside the broadcast */
  userEvent: string;
  payload: Uint8Array;
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const BINARY_ENCODING = 0;
const JSON_ENCODING = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function refOrNull(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new ProtocolError(`${field} must be a string or null`);
}

function checkedMessage(joinRef: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown): Message {
  if (typeof topic !== "string") throw new ProtocolError("topic must be a string");
  if (typeof event !== "string") throw new ProtocolError("event must be a string");
  return { join_ref: refOrNull(joinRef, "join_ref"), ref: refOrNull(ref, "ref"), topic, event, payload };
}

/** Decodes one text frame; throws ProtocolError on anything that is not a Phoenix message. */
export function decodeText(text: string, vsn: Vsn): Message {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProtocolError("frame is not JSON");
  }
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length !== 5) {
      throw new ProtocolError("a vsn 2.0.0 frame is a JSON array [join_ref, ref, topic, event, payload]");
    }
    return checkedMessage(parsed[0], parsed[1], parsed[2], parsed[3], parsed[4]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError("a vsn 1.0.0 frame is a JSON object {join_ref, ref, topic, event, payload}");
  }
  const o = parsed as Record<string, unknown>;
  return checkedMessage(o.join_ref, o.ref, o.topic, o.event, o.payload);
}

/**
 * Decodes a binary frame (vsn 2.0.0 only): a kind 3 user broadcast push. JSON
 * payloads become an ordinary broadcast message; raw payloads stay bytes.
 */
export function decodeBinary(bytes: Uint8Array): Message | BinaryBroadcast {
  if (bytes.length < 7 || bytes[0] !== USER_BROADCAST_PUSH) {
    throw new ProtocolError("binary frame is not a user broadcast push (kind 3)");
  }
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, encoding] = bytes.subarray(1, 7);
  let offset = 7;
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) throw new ProtocolError("binary frame is shorter than its header says");
    const part = bytes.subarray(offset, offset + length);
    offset += length;
    return part;
  };
  let joinRef: string, ref: string, topic: string, userEvent: string;
  try {
    joinRef = decoder.decode(take(joinRefLen));
    ref = decoder.decode(take(refLen));
    topic = decoder.decode(take(topicLen));
    userEvent = decoder.decode(take(eventLen));
    take(metaLen); // metadata (e.g. persist) only matters for stored private messages
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("binary frame header is not UTF-8");
  }
  const body = bytes.subarray(offset);
  const base = { join_ref: joinRef || null, ref: ref || null, topic, event: "broadcast" as const };
  if (encoding === BINARY_ENCODING) return { ...base, userEvent, payload: body.slice() };
  if (encoding !== JSON_ENCODING) throw new ProtocolError(`unknown payload encoding ${encoding}`);
  let userPayload: unknown;
  try {
    userPayload = JSON.parse(decoder.decode(body));
  } catch {
    throw new ProtocolError("binary broadcast payload is not JSON");
  }
  return { ...base, payload: { type: "broadcast", event: userEvent, payload: userPayload } };
}

export function isBinaryBroadcast(message: Message | BinaryBroadcast): message is BinaryBroadcast {
  return message.payload instanceof Uint8Array;
}

/** Encodes a message as a text frame for the socket's protocol version. */
export function encodeText(message: Message, vsn: Vsn): string {
  if (vsn === "2.0.0") {
    return JSON.stringify([message.join_ref, message.ref, message.topic, message.event, message.payload]);
  }
  return JSON.stringify(message);
}

/**
 * Encodes a frame around a payload that is already JSON text, so one
 * serialisation of a change or broadcast serves every subscriber.
 */
export function encodeTextWithRawPayload(
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payloadJson: string,
  vsn: Vsn,
): string {
  if (vsn === "2.0.0") {
    return `[${JSON.stringify(joinRef)},${JSON.stringify(ref)},${JSON.stringify(topic)},${
      JSON.stringify(event)
    },${payloadJson}]`;
  }
  return `{"join_ref":${JSON.stringify(joinRef)},"ref":${JSON.stringify(ref)},"topic":${
    JSON.stringify(topic)
  },"event":${JSON.stringify(event)},"payload":${payloadJson}}`;
}

/** Encodes a server-to-client broadcast with a raw byte payload (kind 4). */
export function encodeBinaryBroadcast(topic: string, userEvent: string, payload: Uint8Array): Uint8Array {
  const topicBytes = encoder.encode(topic);
  const eventBytes = encoder.encode(userEvent);
  if (topicBytes.length > 255 || eventBytes.length > 255) {
    throw new ProtocolError("topic and event must each be at most 255 bytes in a binary frame");
  }
  const frame = new Uint8Array(5 + topicBytes.length + eventBytes.length + payload.length);
  frame.set([USER_BROADCAST, topicBytes.length, eventBytes.length, 0, BINARY_ENCODING], 0);
  frame.set(topicBytes, 5);
  frame.set(eventBytes, 5 + topicBytes.length);
  frame.set(payload, 5 + topicBytes.length + eventBytes.length);
  return frame;
}
