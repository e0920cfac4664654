// npm run test:lint's boundary check: the product (supabase/, web/) does not
// reach into the local platform's internals (scripts/stack), so its code and
// its tests run unchanged against a hosted project (issue #13). Product tests
// reach the platform's services by URL only (the stack's API, the demo
// upstream's control API); what needs the platform itself (starting things,
// the first sync) is done by the test runner, scripts/test/run.ts.
//
//   deno run -A scripts/lint/boundaries.ts     exits 1 and lists each reference
//
// A reference is a string in code that names scripts/stack: an import or
// export specifier that resolves there, or any other string that does (a
// `new URL(...)`, a spawned command's argument, a path built from "scripts"
// and "stack" pieces). Comments are prose, not references: they may point a
// reader at the platform. JSON files (import maps, package.json) are read as
// text.

// rolldown comes with vite; its parser is imported by path because it is not a direct dependency
import { parseAst } from "../../node_modules/rolldown/dist/parse-ast-index.mjs";
import { posix } from "node:path";
import { ROOT } from "../stack/config.ts";
import { trackedFiles } from "./tracked.ts";

/** The folders whose files must not reference the platform. */
export const PRODUCT = ["supabase", "web"];
/** The platform internals they must not reference. */
export const PLATFORM_INTERNALS = "scripts/stack";

const CODE = /\.(ts|tsx|mts|cts|mjs|cjs|js|jsx)$/;
const JSON_FILE = /\.(json|jsonc)$/;

export interface Violation {
  path: string;
  line: number;
  text: string;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Whether a string names a path inside scripts/stack (as whole segments, after "." and ".." are resolved). */
export function namesPlatform(value: string): boolean {
  const normal = posix.normalize(value.replaceAll("\\", "/"));
  return new RegExp(`(^|/)${PLATFORM_INTERNALS}(/|$)`).test(normal);
}

/** A node's string value: a literal, a template's fixed parts, or "a" + "b" of those. */
function stringOf(node: Node): string | null {
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") {
    const quasis = node.quasis as { value: { cooked: string | null; raw: string } }[];
    return quasis.map((q) => q.value.cooked ?? q.value.raw).join("");
  }
  if (node.type === "BinaryExpression" && node.operator === "+") {
    const left = stringOf(node.left as Node);
    const right = stringOf(node.right as Node);
    return left !== null && right !== null ? left + right : null;
  }
  return null;
}

/** Runs of adjacent string arguments or elements, joined as a path: join(ROOT, "scripts", "stack", ...). */
function joinedRuns(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  const pieces = (items as (Node | null)[]).map((item) => item && typeof item === "object" ? stringOf(item) : null);
  const runs: string[] = [];
  let run: string[] = [];
  for (const piece of [...pieces, null]) {
    if (piece !== null) run.push(piece);
    else {
      // a single piece is checked on its own; a run is a reference only when no piece of it is one already
      if (run.length > 1 && !run.some(namesPlatform)) runs.push(run.join("/"));
      run = [];
    }
  }
  return runs;
}

/** Every reference to scripts/stack in one file's text (`path` repository-relative). */
export function platformReferences(path: string, text: string): Violation[] {
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const found: Violation[] = [];
  if (JSON_FILE.test(path)) {
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
        if (namesPlatform(m[1])) found.push({ path, line: i + 1, text: m[1] });
      }
    });
    return found;
  }
  const lang = /x$/.test(path) ? "tsx" : /\.[mc]?ts$/.test(path) ? "ts" : "js";
  const ast = parseAst(text, { lang }) as unknown as Node;
  const visit = (node: Node) => {
    const value = stringOf(node);
    if (value !== null) {
      if (namesPlatform(value)) found.push({ path, line: lineOf(node.start), text: value });
      // the parts of "a" + "b" are not checked again; a template's expressions are
      if (node.type !== "TemplateLiteral") return;
    }
    for (const key of ["arguments", "elements"]) {
      for (const joined of joinedRuns(node[key])) {
        if (namesPlatform(joined)) found.push({ path, line: lineOf(node.start), text: joined });
      }
    }
    for (const child of Object.values(node)) {
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === "object" && typeof (item as Node).type === "string") visit(item as Node);
      }
    }
  };
  visit(ast);
  return found;
}

function productFiles(): Promise<string[]> {
  return trackedFiles((p) => CODE.test(p) || JSON_FILE.test(p), PRODUCT);
}

export async function checkBoundaries(): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const path of await productFiles()) {
    found.push(...platformReferences(path, await Deno.readTextFile(`${ROOT}/${path}`)));
  }
  return found;
}

if (import.meta.main) {
  const found = await checkBoundaries();
  if (found.length) {
    console.log(
      `${PRODUCT.join("/ and ")}/ reference the local platform's internals (${PLATFORM_INTERNALS}); reach its ` +
        `services by URL (tests: supabase/functions/tests/support/), or do it in scripts/test/run.ts:\n` +
        found.map((v) => `  ${v.path}:${v.line} ${JSON.stringify(v.text)}`).join("\n"),
    );
    Deno.exit(1);
  }
  console.log(`boundaries: nothing under ${PRODUCT.join("/ or ")}/ references ${PLATFORM_INTERNALS}`);
}
