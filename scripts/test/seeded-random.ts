import { Random } from "../stack/upstream/random.ts";

/**
 * A fixed-seed generator, so a workload or a failing interleaving of choices
 * can be replayed from its seed. The mulberry32 in the demo upstream's Random
 * is the one implementation, kept there so the fixtures it seeds stay as they are.
 */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}
