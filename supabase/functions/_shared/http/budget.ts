// The daily request budget in the database (public.consume_api_budget), so
// every run and every proxy call draws on the same count.

import type { Sql } from "../db.ts";
import type { BudgetStore } from "./rate_limiter.ts";

export class DbBudget implements BudgetStore {
  constructor(private readonly sql: Sql) {}

  async consume(provider: string, dailyLimit: number): Promise<boolean> {
    const [row] = await this.sql<{ ok: boolean }[]>`select public.consume_api_budget(${provider}, ${dailyLimit}) as ok`;
    return row.ok;
  }
}
