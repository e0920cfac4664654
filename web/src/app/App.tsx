// The app: providers (data client, session, query cache, sign-up prompt) and
// the routes. Every page is its own lazily loaded chunk, so the first load
// carries only the shell and the page being opened.
//
// main.tsx loads the opened page's chunk before the first render
// (preloadPage): a page that suspends on first render costs more than its
// download, because React 19 holds a revealed Suspense boundary back until
// its fallback has been up for 300 ms, and the page's queries only start
// once it mounts. Measured by scripts/bench (spa): a show's setlist rendered
// about 300 ms sooner.

import { type ComponentType, lazy, type ReactNode, Suspense, useState } from "react";
import { BrowserRouter, matchPath, Route, Routes } from "react-router-dom";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { SupabaseProvider } from "../data/client.tsx";
import { SessionProvider } from "../data/auth.tsx";
import { AccountPromptProvider } from "../components/AccountPrompt.tsx";
import { Skeleton } from "../components/States.tsx";
import { Layout } from "./Layout.tsx";
import { AdminRoute } from "./AdminRoute.tsx";
import { PAGE_ROUTES, routeFor } from "./routes.ts";

interface PageRoute {
  path: string;
  Page: ComponentType;
  /** loads the chunk; once it has, Page renders without suspending */
  preload: () => Promise<void>;
}

function page(path: string, load: () => Promise<{ default: ComponentType }>): PageRoute {
  let loaded: ComponentType | null = null;
  const remember = (module: { default: ComponentType }) => {
    loaded = module.default;
    return module;
  };
  const Lazy = lazy(() => load().then(remember));
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { path, Page, preload: () => load().then(remember).then(() => {}) };
}

// every page module, each its own lazily loaded chunk; PAGE_ROUTES says which serves which path
const PAGE_MODULES = import.meta.glob<{ default: ComponentType }>("../pages/*Page.tsx");

const PAGES: PageRoute[] = PAGE_ROUTES.map((route) => {
  const load = PAGE_MODULES[`../pages/${route.page}.tsx`];
  if (!load) throw new Error(`PAGE_ROUTES names ${route.page}, which is not a module in src/pages`);
  return page(route.path, load);
});

/**
 * Loads the chunk of the page at `pathname`, giving up after `timeoutMs`
 * (the app then renders anyway and the page suspends as it would have).
 */
export async function preloadPage(pathname: string, timeoutMs = 1500): Promise<void> {
  // the console's chunk is loaded by AdminRoute, and only for an admin's session
  if (matchPath("/admin/*", pathname)) return;
  const route = PAGES.find((r) => r.path === routeFor(pathname).path)!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    route.preload().catch(() => {}),
    new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs)),
  ]);
  clearTimeout(timer);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // a refusal or a missing row will not change by asking again; a network blip might
        retry: (failureCount, error) => failureCount < 2 && (error as { code?: string }).code === "network",
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function AppProviders({ client, queryClient, children }: {
  client: TheSetClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <SupabaseProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <AccountPromptProvider>{children}</AccountPromptProvider>
        </SessionProvider>
      </QueryClientProvider>
    </SupabaseProvider>
  );
}

export function AppRoutes() {
  return (
    <Layout>
      <Suspense fallback={<Skeleton lines={6} label="Loading page" />}>
        <Routes>
          <Route path="/admin" element={<AdminRoute />} />
          {PAGES.map(({ path, Page }) => <Route key={path} path={path} element={<Page />} />)}
        </Routes>
      </Suspense>
    </Layout>
  );
}

/** `queryClient`: the one main.tsx started the opened page's queries in (see prefetch.ts); else a new one. */
export function App({ client, queryClient: started }: { client: TheSetClient; queryClient?: QueryClient }) {
  const [queryClient] = useState(() => started ?? createQueryClient());
  return (
    <AppProviders client={client} queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
