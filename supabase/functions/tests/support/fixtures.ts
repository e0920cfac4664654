// Loads the committed synthetic fixtures next to this folder.

export async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(new URL(`../fixtures/${name}`, import.meta.url))) as T;
}
