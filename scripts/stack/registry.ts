// Which processes make up the local platform, in start order.

import type { Service } from "./services.ts";

export function platformServices(_options: { web: boolean }): Service[] {
  return [];
}
