// Runs before every browser test file: a test that passed must have had axe
// check every route its pages visited (accessibility.ts), so a page added to a
// journey without a screenshot (which runs the check) fails instead of going
// unchecked.

import { afterEach, expect } from "vitest";
import { takeUncheckedVisits } from "./accessibility.ts";

afterEach((context) => {
  const unchecked = takeUncheckedVisits();
  // a test that already failed has told its story; the missing checks would only add noise
  if (context.task.result?.state === "fail") return;
  expect(unchecked, "routes visited without an accessibility check: call screenshot() there").toEqual([]);
});
