import { createClient } from "@supabase/supabase-js";
import { ANON_KEY, API_URL, JWT_SECRET } from "../../config.ts";
import { signJwt } from "../../jwt.ts";
const concurrency = Number(Deno.args[0] ?? 50);
const seconds = Number(Deno.args[1] ?? 10);
const url = Deno.env.get("BENCH_URL") ?? API_URL;
const clients = await Promise.all(Array.from({ length: concurrency }, async () => {
  const token = await signJwt({
    sub: crypto.randomUUID(),
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 3600,
  }, JWT_SECRET);
  return createClient(url, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
}));
let done = 0, errors = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(clients.map(async (c) => {
  while (performance.now() < end) {
    const { error } = await c.rpc("zz_vote", { item_id: 1 + Math.floor(Math.random() * 1000), value: 1 });
    if (error) {
      errors++;
      if (errors < 3) console.log(error);
    } else done++;
  }
}));
console.log(`${(done / seconds).toFixed(0)} req/s, ${errors} errors`);
