// The scale benchmark's typo'd search terms and the check that search finds through them: a word of an
// artist's name as a fan mistypes it (a letter dropped, two letters swapped), and the share of those for
// which search_catalog, asked as a guest as the SPA asks, finds an artist with that word in its name.

import type { Sql } from "../lib.ts";
import type { Samples } from "./pages.ts";

/**
 * Two typos of one word of each name (the first or second word, alternately), each with the word it misspells;
 * a word once (the smoke size's 50 artists are all "<word> Harbor": one word would be half the sample).
 */
export function mistypedWords(names: string[]): { typo: string; word: string }[] {
  const words = [...new Set(names.map((name, i) => name.split(" ")[i % 2] ?? name))];
  return words.flatMap((word, i) => {
    const k = 1 + (i % Math.max(1, word.length - 2));
    return [word.slice(0, k) + word.slice(k + 1), word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2)]
      .map((typo) => ({ typo, word }));
  });
}

/** The share of the mistyped artist words for which search_catalog (as a guest) finds an artist with that word. */
export async function typoRecall(sql: Sql, samples: Samples): Promise<{ share: number; missed: string[] }> {
  const missed: string[] = [];
  for (const { typo, word } of samples.typos) {
    const names = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true)`;
      const [row] = await tx<{ names: string[] }[]>`
        select array(select a ->> 'name' from jsonb_array_elements(public.search_catalog(${typo}) -> 'artists') a) as names`;
      return row.names;
    });
    if (!names.some((name) => name.toLowerCase().split(" ").includes(word.toLowerCase()))) missed.push(typo);
  }
  return { share: 1 - missed.length / Math.max(1, samples.typos.length), missed };
}
