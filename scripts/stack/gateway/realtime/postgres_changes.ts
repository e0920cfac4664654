// Realtime postgres_changes: a WAL change becomes one message per subscribed channel. The channels whose
// bindings match are grouped by audience (role and claims), and one query renders the row and checks RLS
// for every audience at once, however many sockets are listening.

import type postgres from "postgres";
import type { Sql } from "../context.ts";
import type { JwtClaims } from "../../jwt.ts";
import { encodeTextWithRawPayload } from "./protocol.ts";
import { bindingMatches, type ChangeEvent } from "./bindings.ts";
import { type Channel, type ChannelIndex, isLive, type SendFrame } from "./channels.ts";
import type { WalChange, WalColumn } from "./wal.ts";

type Audience = { role: string; claims: JwtClaims; targets: { channel: Channel; ids: number[] }[] };

interface RenderResult {
  columns: { name: string; type: string }[];
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
  audiences: { visible: boolean; selectable: string[]; error: string | null }[];
}

const ACTIONS: Record<WalChange["action"], ChangeEvent> = { I: "INSERT", U: "UPDATE", D: "DELETE" };
const JSON_TYPE_OIDS = new Set(["114", "3802"]);

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

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The channels whose bindings match the change, grouped by audience, each with the binding ids it matched. */
function audiencesFor(change: WalChange, event: ChangeEvent, candidates: Set<Channel>): Audience[] {
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
  return [...audiences.values()];
}

/**
 * Renders and authorizes a table change for the channels watching it; resolves to the delivery (to run in
 * commit order), or null when nobody is subscribed.
 */
export function preparePostgresChange(
  change: WalChange,
  index: ChannelIndex,
  sql: Sql,
  send: SendFrame,
): Promise<(() => void) | null> {
  const event = ACTIONS[change.action];
  if (!event) return Promise.resolve(null);
  const candidates = index.watching(change.schema, change.table);
  if (candidates.size === 0) return Promise.resolve(null);
  const audiences = audiencesFor(change, event, candidates);
  if (audiences.length === 0) return Promise.resolve(null);
  return render(sql, send, change, event, audiences);
}

async function render(
  sql: Sql,
  send: SendFrame,
  change: WalChange,
  event: ChangeEvent,
  audiences: Audience[],
): Promise<() => void> {
  const entity = `${quoteIdent(change.schema)}.${quoteIdent(change.table)}`;
  const newValues = event === "DELETE" ? null : populateValues(change.columns);
  const oldValues = event === "INSERT" ? null : populateValues(change.identity);
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
        if (!isLive(channel)) continue;
        send(
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
