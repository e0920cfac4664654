// react-router-dom as the boot script's build sees it (build/boot-script.ts):
// the show page's header links with React Router's Link, which needs the
// router's context and its whole package. The boot script paints the header
// before either exists, as the <a> Link renders for an app path (React Router
// 7: the path itself as href, and data-discover for its route discovery). The
// boot script's test compares the header it paints with the app's own render.

import type { AnchorHTMLAttributes } from "react";

export function Link({ to, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return <a {...props} href={to} data-discover="true" />;
}
