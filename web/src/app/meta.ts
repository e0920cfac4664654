// A page's own title and description (the <meta name="description"> a shared
// link or a search result shows), set once the page knows what it shows and
// put back to the site's own when the page goes.

import { useEffect } from "react";
import { usePageTitle } from "./Layout.tsx";

const SITE_DESCRIPTION_SELECTOR = 'meta[name="description"]';

export function usePageMeta(title: string, description: string) {
  usePageTitle(title);
  useEffect(() => {
    const meta = document.querySelector<HTMLMetaElement>(SITE_DESCRIPTION_SELECTOR);
    if (!meta) return;
    const siteDescription = meta.content;
    meta.content = description;
    return () => {
      meta.content = siteDescription;
    };
  }, [description]);
}
