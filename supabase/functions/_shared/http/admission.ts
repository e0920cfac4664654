// Before a request may go out: the circuit must let it through and the
// provider's daily budget must have room for it. Each gate refuses by
// throwing the ProviderError the caller reports; the rate limiter's wait
// comes after both, so a refused request never holds a slot.

import type { CircuitBreaker } from "./circuit_breaker.ts";
import { type Provider, ProviderError } from "./errors.ts";
import type { BudgetStore } from "./rate_limiter.ts";

export function passCircuit(breaker: CircuitBreaker, provider: Provider, shownUrl: string): void {
  if (breaker.allow()) return;
  throw new ProviderError(
    provider,
    "circuit_open",
    `circuit open after repeated failures; next probe in ${Math.ceil(breaker.retryInMs / 1000)} s`,
    null,
    shownUrl,
  );
}

export interface BudgetDraw {
  store: BudgetStore;
  provider: Provider;
  /** what these calls may take today (the policy's budget times the caller's share) */
  limit: number;
  /** the provider's whole daily budget, to say whether the refusal is the caller's share */
  dailyBudget: number;
  keyId: string;
  shownUrl: string;
}

export async function drawFromBudget(draw: BudgetDraw): Promise<void> {
  if (await draw.store.consume(draw.provider, draw.limit, draw.keyId)) return;
  throw new ProviderError(
    draw.provider,
    "budget_exhausted",
    draw.limit < draw.dailyBudget
      ? `${draw.limit} of the daily budget of ${draw.dailyBudget} requests are used up; the rest is kept for the scheduled syncs`
      : `daily budget of ${draw.dailyBudget} requests is used up`,
    null,
    draw.shownUrl,
  );
}
