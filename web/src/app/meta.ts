// A page's own title and description, for the pages that can say more than
// their title (usePageTitle in Layout sets both).

import { usePageTitle } from "./Layout.tsx";

export function usePageMeta(title: string, description: string) {
  usePageTitle(title, description);
}
