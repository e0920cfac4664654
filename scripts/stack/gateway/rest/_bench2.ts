import { ANON_KEY, API_URL } from "../../config.ts";
const path = Deno.args[0] ?? "/health";
const method = Deno.args[1] ?? "GET";
const body = Deno.args[2];
const seconds = 6;
let done = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(Array.from({ length: 50 }, async () => {
  while (performance.now() < end) {
    const r = await fetch(API_URL + path, {
      method,
      body,
      headers: { apikey: ANON_KEY, "content-type": "application/json" },
    });
    await r.arrayBuffer();
    done++;
  }
}));
console.log(`${path}: ${(done / seconds).toFixed(0)} req/s`);
