// The app: providers (data client, session, query cache, sign-up prompt) and
// the routes. Every page is its own lazily loaded chunk, so the first load
// carries only the shell and the page being opened.

import { lazy, type ReactNode, Suspense, useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { SupabaseProvider } from "../data/client.tsx";
import { SessionProvider } from "../data/auth.tsx";
import { AccountPromptProvider } from "../components/AccountPrompt.tsx";
import { Skeleton } from "../components/States.tsx";
import { Layout } from "./Layout.tsx";

const HomePage = lazy(() => import("../pages/HomePage.tsx"));
const SearchPage = lazy(() => import("../pages/SearchPage.tsx"));
const ArtistPage = lazy(() => import("../pages/ArtistPage.tsx"));
const ImportPage = lazy(() => import("../pages/ImportPage.tsx"));
const ShowPage = lazy(() => import("../pages/ShowPage.tsx"));
const AccountPage = lazy(() => import("../pages/AccountPage.tsx"));
const StatusPage = lazy(() => import("../pages/StatusPage.tsx"));
const NotFoundPage = lazy(() => import("../pages/NotFoundPage.tsx"));

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
          <Route path="/" element={<HomePage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/artists/:slug" element={<ArtistPage />} />
          <Route path="/imports/:jobId" element={<ImportPage />} />
          <Route path="/shows/:showId" element={<ShowPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/status" element={<StatusPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App({ client }: { client: TheSetClient }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <AppProviders client={client} queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
