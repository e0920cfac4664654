// The /realtime/v1 contract's fixtures and clients, shared by the realtime_*.test.ts files. Each file
// calls realtimeContract() once: that registers its first test (a fixture schema of its own, with
// tables, policies, column grants and publication membership) and hands back its clients and sockets,
// which its last test (teardown()) closes before dropping the schema.

import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { assertEquals, assertMatch } from "../../../test/assert.ts";
import { ANON_KEY, API_URL } from "../../config.ts";
import { adminSql, RawSocket } from "./helpers.ts";

export const wsUrl = (vsn = "2.0.0", key = ANON_KEY, base = API_URL) =>
  `${base.replace("http", "ws")}/realtime/v1/websocket?apikey=${key}&vsn=${vsn}`;

/** Resolves with the first status that is not CLOSED (SUBSCRIBED, CHANNEL_ERROR or TIMED_OUT). */
export function subscribe(channel: RealtimeChannel): Promise<{ status: string; message?: string }> {
  return new Promise((resolve) =>
    channel.subscribe((status, error) => {
      if (status !== "CLOSED") resolve({ status, message: error?.message });
    })
  );
}

export async function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const outcome = await subscribe(channel);
  assertEquals(outcome, { status: "SUBSCRIBED", message: undefined });
  return channel;
}

/** A database broadcast's payload without the id realtime.send adds (checked to be a uuid). */
export function withoutId(payload: unknown): unknown {
  const { id, ...rest } = payload as Record<string, unknown>;
  assertMatch(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return rest;
}

export const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

/** One test file's fixture schema, users, clients and sockets; registers the file's setup test. */
export function realtimeContract() {
  const sql = adminSql();
  const run = crypto.randomUUID().slice(0, 8);
  const schema = `rt_test_${run}`;
  const userOne = crypto.randomUUID();
  const userTwo = crypto.randomUUID();
  const clients: SupabaseClient[] = [];
  const sockets: RawSocket[] = [];

  function client(options: { token?: string | (() => string); vsn?: "1.0.0" | "2.0.0"; key?: string } = {}) {
    const tokenOf = options.token;
    const c = createClient(API_URL, options.key ?? ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: options.vsn ? { vsn: options.vsn } : undefined,
      // how an app with its own tokens hands them to supabase-js; realtime-js asks this callback again
      // after every join and heartbeat, so a token set any other way would be replaced by the session's
      ...(tokenOf ? { accessToken: () => Promise.resolve(typeof tokenOf === "function" ? tokenOf() : tokenOf) } : {}),
    });
    clients.push(c);
    return c;
  }

  /** A client whose realtime token is resolved before it subscribes, so the join itself carries it. */
  async function clientWithToken(token: string | (() => string)): Promise<SupabaseClient> {
    const c = client({ token });
    await c.realtime.setAuth();
    return c;
  }

  function raw(url = wsUrl()): RawSocket {
    const socket = new RawSocket(url);
    sockets.push(socket);
    return socket;
  }

  t("setup: fixture schema with RLS, column grants and publication membership", async () => {
    await sql.unsafe(`
      create schema ${schema};
      grant usage on schema ${schema} to anon, authenticated, service_role;
      create table ${schema}.items (
        id int primary key, label text, secret text, owner uuid, visible boolean not null default false
      );
      alter table ${schema}.items enable row level security;
      create policy items_anon_read on ${schema}.items for select to anon using (visible);
      create policy items_user_read on ${schema}.items for select to authenticated
        using (visible or owner = (select auth.uid()));
      grant select (id, label, owner, visible) on ${schema}.items to anon;
      grant select on ${schema}.items to authenticated, service_role;
      create table ${schema}.plain (id bigint primary key, n int, tag text, at timestamptz default now());
      grant select on ${schema}.plain to anon, authenticated, service_role;
      create table ${schema}.unpublished (id int primary key);
      grant select on ${schema}.unpublished to anon;
      alter publication supabase_realtime add table ${schema}.items, ${schema}.plain;
    `);
  });

  /** The file's last test: closes its clients and sockets and drops its schema. */
  const teardown = () =>
    t("teardown: close clients and drop the fixtures", async () => {
      await Promise.all(clients.map((c) => c.realtime.disconnect()));
      for (const s of sockets) s.close();
      await sql.unsafe(`
      alter publication supabase_realtime drop table ${schema}.items, ${schema}.plain;
      drop schema ${schema} cascade;
    `);
      await sql.end();
    });

  return { sql, run, schema, userOne, userTwo, client, clientWithToken, raw, teardown };
}
