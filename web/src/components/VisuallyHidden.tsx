// Text for screen readers only: read in place, in the page's order, where a
// visual shorthand (arrows, a signed number) would be read badly or not at all.

import type { ReactNode } from "react";

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
