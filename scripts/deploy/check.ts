// npm run deploy:check: run before `supabase config push` (README, "Deploying").
//
// supabase/config.toml describes the local stack: Auth's site URL and
// redirects point at 127.0.0.1 and email confirmation is off. Pushed as they
// are, those settings would break sign-ups on the hosted project. The file's
// [remotes.production] block replaces them for the hosted project, and the CLI
// applies that block only when the target's ref equals its project_id; the
// target is SUPABASE_PROJECT_ID, which the deployment exports. This check reads the file the way `config push` will
// see it for that project (the base settings with the block laid over them,
// env() values filled in) and refuses, naming the problem, when the block
// would not apply or any pushed Auth setting still points at a local address.
// It prints the Auth settings the push will set, so the operator sees exactly
// what changes.

import { join } from "node:path";
import { parse } from "smol-toml";
import { PATHS } from "../stack/config.ts";

type Table = Record<string, unknown>;

const REF_RE = /^[a-z]{20}$/;
const LOCAL_HOST_RE = /^(127\.|localhost$|\[::1\]$|0\.0\.0\.0$)/;

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `over` laid over `base`, table by table, as the CLI merges a remotes block. */
function overlay(base: Table, over: Table): Table {
  const merged: Table = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] = isTable(value) && isTable(base[key]) ? overlay(base[key] as Table, value) : value;
  }
  return merged;
}

/** env(NAME) values filled in from `env`; a name that is unset is reported, never pushed as text. */
function substitute(value: unknown, env: Record<string, string | undefined>, missing: Set<string>): unknown {
  if (typeof value === "string") {
    const match = /^env\((\w+)\)$/.exec(value);
    if (!match) return value;
    const resolved = env[match[1]];
    if (resolved === undefined || resolved === "") missing.add(match[1]);
    return resolved ?? "";
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, env, missing));
  if (isTable(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, missing)]));
  }
  return value;
}

/** A URL that names this machine, or no URL at all: nothing to push to a hosted project. */
function isLocalUrl(text: string): boolean {
  try {
    return LOCAL_HOST_RE.test(new URL(text).hostname);
  } catch {
    return true;
  }
}

export interface DeployCheck {
  problems: string[];
  /** the Auth settings `config push` will set on the hosted project */
  auth: Record<string, unknown>;
}

/** What `config push` would send for the hosted project, and why it must not be pushed (if it must not). */
export function checkDeployConfig(configToml: string, env: Record<string, string | undefined>): DeployCheck {
  const problems: string[] = [];
  const ref = env.SUPABASE_PROJECT_ID;
  if (!ref || !REF_RE.test(ref)) {
    problems.push("SUPABASE_PROJECT_ID must be the project's ref (20 lowercase letters): export it first");
  }
  const config = parse(configToml) as Table;
  const remotes = isTable(config.remotes) ? config.remotes : {};
  const production = remotes.production;
  if (!isTable(production)) {
    problems.push("config.toml has no [remotes.production] block for the hosted project");
  } else if (ref && production.project_id !== ref) {
    problems.push(
      `[remotes.production] project_id is ${
        JSON.stringify(production.project_id)
      }: set it to ${ref} in supabase/config.toml`,
    );
  }
  const hosted = overlay(config, isTable(production) ? production : {});
  // env() values of the settings this check is about (others, like disabled providers' secrets, stay as they are)
  const missing = new Set<string>();
  const rawAuth = isTable(hosted.auth) ? hosted.auth : {};
  hosted.auth = {
    ...rawAuth,
    site_url: substitute(rawAuth.site_url, env, missing),
    additional_redirect_urls: substitute(rawAuth.additional_redirect_urls, env, missing),
  };
  for (const name of missing) problems.push(`${name} is not set: export it first`);
  const auth = isTable(hosted.auth) ? hosted.auth : {};
  const email = isTable(auth.email) ? auth.email : {};
  const smtp = isTable(email.smtp) ? email.smtp : {};
  const pushed: Record<string, unknown> = {
    site_url: auth.site_url,
    additional_redirect_urls: auth.additional_redirect_urls,
    "email.enable_confirmations": email.enable_confirmations,
    enable_signup: auth.enable_signup,
    enable_anonymous_sign_ins: auth.enable_anonymous_sign_ins,
    jwt_expiry: auth.jwt_expiry,
    minimum_password_length: auth.minimum_password_length,
    // the CLI sends the email rate limit only with custom SMTP on; otherwise the project keeps its own
    "rate_limit.email_sent": smtp.enabled === true && isTable(auth.rate_limit)
      ? auth.rate_limit.email_sent
      : "(not sent)",
  };
  if (!missing.has("THESET_SITE_URL") && (typeof auth.site_url !== "string" || isLocalUrl(auth.site_url))) {
    problems.push(`auth.site_url ${JSON.stringify(auth.site_url)} is not the address of the hosted app`);
  }
  for (const url of Array.isArray(auth.additional_redirect_urls) ? auth.additional_redirect_urls : []) {
    if (typeof url === "string" && isLocalUrl(url)) problems.push(`auth.additional_redirect_urls has ${url}`);
  }
  if (email.enable_confirmations !== true) {
    problems.push("auth.email.enable_confirmations would be pushed as false: anyone could sign up as any address");
  }
  return { problems, auth: pushed };
}

if (import.meta.main) {
  const toml = await Deno.readTextFile(join(PATHS.supabase, "config.toml"));
  const { problems, auth } = checkDeployConfig(toml, Deno.env.toObject());
  console.log(`supabase config push will set these Auth settings on ${Deno.env.get("SUPABASE_PROJECT_ID") ?? "?"}:`);
  for (const [key, value] of Object.entries(auth)) console.log(`  auth.${key} = ${JSON.stringify(value)}`);
  if (problems.length) {
    for (const problem of problems) console.error(`deploy:check: ${problem}`);
    Deno.exit(1);
  }
  console.log("deploy:check: the local-only settings stay local");
}
