// The first frame of the home and show pages as static HTML, rendered at build time from the
// app's own components (build/home-shell.ts puts it into index.html). On a
// phone the app's JavaScript takes seconds to arrive and run (scripts/bench
// phone), and the home page's largest paint, its hero, needs no data: with
// this markup in the HTML it paints as soon as the HTML and the stylesheet
// are in. The app then renders the same tree over it (createRoot replaces the
// shell in the commit of its first render), so the words live only in
// HomePage.tsx and the frame only in Layout.tsx.

import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom";
import type { TheSetClient } from "../lib/supabase.ts";
import { AppProviders, AppRoutes, createQueryClient, preloadPage } from "./App.tsx";

/**
 * The routes whose first frame is static (no data, no session), each with the path it is rendered at: the
 * home page, and the show page on its skeleton, which the boot script fills with the show's header when
 * its request is answered (showShell.tsx).
 */
export const SHELL_ROUTES = {
  "/": "/",
  "/shows/:showId": "/shows/00000000-0000-4000-8000-000000000000",
} as const;

/**
 * Stands in for the data client while the shell renders: rendering starts no request (queries fetch in
 * effects, which a static render does not run), so any use of it is a bug to hear about at build time.
 */
const NO_CLIENT = new Proxy({}, {
  get(_target, property) {
    throw new Error(`the static shell rendered something that used the data client (${String(property)})`);
  },
}) as TheSetClient;

/**
 * The markup the app's first render at `pathname` produces for a visitor whose data has not arrived yet
 * (the page's skeletons) and whose session auth-js has not read yet.
 */
export async function renderShell(route: keyof typeof SHELL_ROUTES): Promise<string> {
  const pathname = SHELL_ROUTES[route];
  await preloadPage(pathname);
  return renderToStaticMarkup(
    <AppProviders client={NO_CLIENT} queryClient={createQueryClient()}>
      <StaticRouter location={pathname}>
        <AppRoutes />
      </StaticRouter>
    </AppProviders>,
  );
}
