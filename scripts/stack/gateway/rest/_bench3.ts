import postgres from "postgres";
const sql = postgres({
  ...(Deno.env.get("SOCK") ? { path: Deno.env.get("SOCK") } : { host: "127.0.0.1", port: 54522 }),
  username: "authenticator",
  password: "postgres",
  database: "postgres",
  max: Number(Deno.args[0] ?? 20),
});
const mode = Deno.args[1] ?? "pipelined";
const seconds = 6;
let done = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(Array.from({ length: 50 }, async () => {
  while (performance.now() < end) {
    const id = String(1 + Math.floor(Math.random() * 1000));
    if (mode === "wrapper") {
      await sql.unsafe(
        `select total::text, page::text, body from extensions.local_pgrst_request($1::text[], $2::boolean, $3::text, $4::text[], $5::boolean, $6::boolean)`,
        [
          '{search_path,"\\"public\\", \\"extensions\\"",role,authenticated,request.jwt.claims,"{\\"role\\":\\"authenticated\\"}",request.method,POST,request.path,/rpc/zz_vote,request.headers,"{}",request.cookies,"{}"}',
          false,
          `select null::int8 as total, 1::int8 as page, to_json("public"."zz_vote"("item_id" := pgrst_args."item_id", "value" := pgrst_args."value"))::text as body from json_to_record($1[1]::json) as pgrst_args("item_id" integer, "value" integer)`,
          `{"{\\"item_id\\":${id},\\"value\\":1}"}`,
          true,
          false,
        ],
      );
    } else if (mode === "single") {
      await sql.unsafe(`select public.zz_vote($1::int, 1)`, [id]);
    } else if (mode === "nosetup") {
      const c = await sql.reserve();
      await Promise.all([
        c.unsafe("begin").execute(),
        c.unsafe(
          `select to_json(public.zz_vote("item_id" := pgrst_args."item_id", "value" := pgrst_args."value"))::text as body from json_to_record($1::text::json) as pgrst_args("item_id" integer, "value" integer)`,
          [`{"item_id":${id},"value":1}`],
        ).execute(),
        c.unsafe("commit").execute(),
      ]);
      c.release();
    } else if (mode === "two") {
      const c = await sql.reserve();
      await Promise.all([
        c.unsafe(
          "select set_config('role', $1, false), set_config('request.jwt.claims', $2, false), set_config('search_path', $3, false), set_config('request.headers', $4, false)",
          ["authenticated", '{"role":"authenticated"}', '"public", "extensions"', "{}"],
        ).execute(),
        c.unsafe(
          `select to_json(public.zz_vote("item_id" := pgrst_args."item_id", "value" := pgrst_args."value"))::text as body from json_to_record($1::text::json) as pgrst_args("item_id" integer, "value" integer)`,
          [`{"item_id":${id},"value":1}`],
        ).execute(),
      ]);
      c.release();
    } else {
      const c = await sql.reserve();
      const q = [
        c.unsafe("begin").execute(),
        c.unsafe(
          "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('search_path', $3, true), set_config('request.headers', $4, true)",
          ["authenticated", '{"role":"authenticated"}', '"public", "extensions"', "{}"],
        ).execute(),
        c.unsafe(
          `select to_json(public.zz_vote("item_id" := pgrst_args."item_id", "value" := pgrst_args."value"))::text as body from json_to_record($1::text::json) as pgrst_args("item_id" integer, "value" integer)`,
          [`{"item_id":${id},"value":1}`],
        ).execute(),
        c.unsafe("commit").execute(),
      ];
      await Promise.all(q);
      c.release();
    }
    done++;
  }
}));
console.log(`${mode} max=${Deno.args[0]}: ${(done / seconds).toFixed(0)} tx/s`);
await sql.end();
