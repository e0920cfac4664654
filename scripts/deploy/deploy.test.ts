// The README's deployment, followed step by step on this machine as far as it
// goes: every command runs for real up to its first call to Supabase's
// servers, which here is a closed port on 127.0.0.1 (a CLI profile points the
// Management API there), so nothing leaves the machine. `db push` has a dry
// run and runs it against the local stack's database. And the guard that keeps
// local-only Auth settings off the hosted project: without it, `config push`
// would set the hosted site URL to 127.0.0.1 and turn email confirmation off.

import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../test/assert.ts";
import { DB_URL, ROOT } from "../stack/config.ts";
import { checkDeployConfig } from "./check.ts";

const REF = "abcdefghijklmnopqrst";
const SITE = "https://theset.example";
const SUPABASE = join(ROOT, "node_modules", ".bin", "supabase");
const CONFIG_AS_COMMITTED = await Deno.readTextFile(join(ROOT, "supabase", "config.toml"));
/** The README's first step: the project's ref in [remotes.production]. */
function withRef(config: string, ref: string): string {
  const edited = config.replace(/(\[remotes\.production\]\nproject_id = )"[a-z]+"/, `$1"${ref}"`);
  assert(edited !== config, "config.toml has [remotes.production] with a project_id");
  return edited;
}
const CONFIG = withRef(CONFIG_AS_COMMITTED, REF);

/** The commands of the README's deployment block, comments dropped. */
async function readmeSteps(): Promise<string[]> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const section = readme.slice(readme.indexOf("## Deploying"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter((line) => line !== "");
}

Deno.test("the README's deployment steps are the ones this test follows", async () => {
  const steps = await readmeSteps();
  assertEquals(steps, [
    "npx supabase login",
    "export SUPABASE_PROJECT_ID=<ref>",
    "export THESET_SITE_URL=https://<where the SPA is served>",
    "npx supabase link --project-ref $SUPABASE_PROJECT_ID",
    "npm run deploy:check",
    "npx supabase config push",
    "npx supabase db push --remote",
    "npx supabase functions deploy --use-api",
    "openssl rand -hex 32",
    "npx supabase secrets set TICKETMASTER_API_KEY=... SPOTIFY_CLIENT_ID=... SPOTIFY_CLIENT_SECRET=... SETLISTFM_API_KEY=... CRON_SECRET=<that secret>",
  ]);
});

Deno.test("damage reproduced: config.toml without its [remotes.production] would push local-only Auth settings", () => {
  const withoutRemote = CONFIG.slice(0, CONFIG.indexOf("[remotes.production]"));
  const { problems, auth } = checkDeployConfig(withoutRemote, { SUPABASE_PROJECT_ID: REF, THESET_SITE_URL: SITE });
  assertEquals(auth.site_url, "http://127.0.0.1:5173");
  assertEquals(auth["email.enable_confirmations"], false);
  assert(problems.some((p) => /no \[remotes\.production\]/.test(p)), problems.join("; "));
  assert(problems.some((p) => /site_url/.test(p)), problems.join("; "));
  assert(problems.some((p) => /additional_redirect_urls has https:\/\/127\.0\.0\.1:3000/.test(p)), problems.join("; "));
  assert(problems.some((p) => /enable_confirmations/.test(p)), problems.join("; "));
});

Deno.test("the check refuses without the project ref or a hosted site URL, and passes with both", () => {
  const unedited = checkDeployConfig(CONFIG_AS_COMMITTED, { SUPABASE_PROJECT_ID: REF, THESET_SITE_URL: SITE });
  assertMatch(unedited.problems.join(";"), /project_id is "yourprojectrefherexx": set it to abcdefghijklmnopqrst/);
  assertMatch(checkDeployConfig(CONFIG, { THESET_SITE_URL: SITE }).problems.join(";"), /SUPABASE_PROJECT_ID/);
  assertMatch(checkDeployConfig(CONFIG, { SUPABASE_PROJECT_ID: REF }).problems.join(";"), /THESET_SITE_URL is not set/);
  const local = checkDeployConfig(CONFIG, { SUPABASE_PROJECT_ID: REF, THESET_SITE_URL: "http://127.0.0.1:5173" });
  assertMatch(local.problems.join(";"), /site_url/);
  const { problems, auth } = checkDeployConfig(CONFIG, { SUPABASE_PROJECT_ID: REF, THESET_SITE_URL: SITE });
  assertEquals(problems, []);
  assertEquals(auth.site_url, SITE);
  assertEquals(auth.additional_redirect_urls, []);
  assertEquals(auth["email.enable_confirmations"], true);
  assertEquals(auth.enable_anonymous_sign_ins, true, "guests vote on the hosted project too");
  assertEquals(auth["rate_limit.email_sent"], "(not sent)", "without SMTP the CLI leaves the email rate limit alone");
});

async function run(cmd: string, args: string[], env: Record<string, string>) {
  const output = await new Deno.Command(cmd, { args, env, cwd: ROOT, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  return { code: output.code, text };
}

Deno.test({
  name: "every deployment step runs up to its first call to Supabase (db push: a dry run on the local database)",
  sanitizeResources: false,
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "theset-deploy-" });
    try {
      // a copy of supabase/, so the CLI's link state (supabase/.temp) never lands in the checkout
      await new Deno.Command("cp", { args: ["-r", join(ROOT, "supabase"), work] }).output();
      await Deno.remove(join(work, "supabase", ".temp"), { recursive: true }).catch(() => {});
      await Deno.writeTextFile(join(work, "supabase", "config.toml"), CONFIG);
      const profile = join(work, "profile.yaml");
      // port 9 (discard) on the loopback: nothing listens, so the first Management API call fails at once
      await Deno.writeTextFile(
        profile,
        "name: theset-deploy-test\napi_url: http://127.0.0.1:9\ndashboard_url: http://127.0.0.1:9\nproject_host: 127.0.0.1\n",
      );
      // `supabase login` stores a token; an access token in the environment is the CLI's other way
      const env = {
        PATH: Deno.env.get("PATH") ?? "",
        HOME: work,
        SUPABASE_ACCESS_TOKEN: `sbp_${"0".repeat(40)}`,
        SUPABASE_PROJECT_ID: REF,
        THESET_SITE_URL: SITE,
        NO_COLOR: "1",
      };
      const cli = (...args: string[]) => run(SUPABASE, [...args, "--workdir", work, "--profile", profile], env);
      const reachedNetwork = (result: { code: number; text: string }, step: string) => {
        assert(result.code !== 0, `${step}: ${result.text}`);
        assertMatch(result.text, new RegExp(`Target: project ${REF}`), step);
        assertMatch(result.text, /Transport ?Error|Transport error/i, step);
      };

      reachedNetwork(await cli("link", "--project-ref", REF), "link");

      const check = await run(Deno.execPath(), ["run", "-A", join(ROOT, "scripts", "deploy", "check.ts")], {
        ...env,
        THESET_PROJECT_DIR: work,
      });
      assertEquals(check.code, 0, check.text);
      assertMatch(check.text, /auth\.site_url = "https:\/\/theset\.example"/);

      // non-interactive runs confirm with --yes; the diff and the write would come after the project check
      reachedNetwork(await cli("config", "push", "--yes"), "config push");

      const dbPush = await cli("db", "push", "--dry-run", `--remote=${DB_URL}`);
      assertEquals(dbPush.code, 0, dbPush.text);
      assertMatch(dbPush.text, /DRY RUN/);

      const functionDirs = [];
      for await (const entry of Deno.readDir(join(ROOT, "supabase", "functions"))) {
        if (entry.isDirectory && !entry.name.startsWith("_") && entry.name !== "tests") functionDirs.push(entry.name);
      }
      const unconfirmed = await cli("functions", "deploy", "--use-api");
      assertMatch(unconfirmed.text, new RegExp(`Deploy ${functionDirs.length} Functions \\(target: project ${REF}\\)`));
      assertMatch(unconfirmed.text, /Nothing was changed/);
      reachedNetwork(await cli("functions", "deploy", "--use-api", "--yes"), "functions deploy");

      const secret = await run("openssl", ["rand", "-hex", "32"], env);
      assertMatch(secret.text.trim(), /^[0-9a-f]{64}$/);

      const secrets = [
        "TICKETMASTER_API_KEY=k",
        "SPOTIFY_CLIENT_ID=i",
        "SPOTIFY_CLIENT_SECRET=s",
        "SETLISTFM_API_KEY=f",
      ];
      reachedNetwork(
        await cli("secrets", "set", ...secrets, `CRON_SECRET=${secret.text.trim()}`, "--yes"),
        "secrets set",
      );
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
