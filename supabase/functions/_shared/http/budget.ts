// The daily request budget in the database (public.consume_api_budget), so
// every run and every proxy call draws on the same count.

import type { Sql } from "../db.ts";
import type { BudgetStore } from "./rate_limiter.ts";

export class DbBudget implements BudgetStore {
  constructor(private readonly sql: Sql) {}

  async consume(provider: string, dailyLimit: number, keyId = ""): Promise<boolean> {
    const [row] = await this.sql<{ ok: boolean }[]>`
      select public.consume_api_budget(${provider}, ${dailyLimit}, ${keyId}) as ok`;
    return row.ok;
  }
}

/** A short, stable fingerprint of an API key (FNV-1a, 64 bits as hex): tells budgets apart, reveals nothing useful. */
export function keyFingerprint(key: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}
