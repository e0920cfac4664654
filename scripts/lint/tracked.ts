// The files the lint checks read: what git tracks, plus new files it does not
// ignore, as the working tree stands (a file deleted there is left out).

import { ROOT } from "../stack/config.ts";

/** Repository-relative paths, sorted, that pass keep; pathspecs narrow git's listing first. */
export async function trackedFiles(keep: (path: string) => boolean, pathspecs: string[] = []): Promise<string[]> {
  const out = await new Deno.Command("git", {
    args: ["ls-files", "--cached", "--others", "--exclude-standard", ...(pathspecs.length ? ["--", ...pathspecs] : [])],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  const paths = new TextDecoder().decode(out.stdout).split("\n").filter((p) => p !== "" && keep(p));
  const present: string[] = [];
  for (const p of paths) {
    try {
      if ((await Deno.stat(`${ROOT}/${p}`)).isFile) present.push(p);
    } catch { /* deleted in the working tree */ }
  }
  return present.sort();
}
