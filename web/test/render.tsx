// Renders a piece of the app with the real providers (query cache, session,
// sign-up prompt, router) around a supabase-js client of the stack (stack.ts).

import type { ReactElement, ReactNode } from "react";
import { render, renderHook } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { QueryClient } from "@tanstack/react-query";
import { AppProviders, createQueryClient } from "../src/app/App.tsx";
import type { TheSetClient } from "../src/lib/supabase.ts";

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
}

export function renderWithApp(ui: ReactElement, options: {
  client: TheSetClient;
  route?: string;
  path?: string;
  queryClient?: QueryClient;
  extraRoutes?: { path: string; element: ReactElement }[];
}) {
  const queryClient = options.queryClient ?? testQueryClient();
  const result = render(
    <AppProviders client={options.client} queryClient={queryClient}>
      <MemoryRouter initialEntries={[options.route ?? "/"]}>
        <Routes>
          <Route path={options.path ?? "*"} element={ui} />
          {(options.extraRoutes ?? []).map((route) => (
            <Route key={route.path} path={route.path} element={route.element} />
          ))}
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, queryClient };
}

/**
 * Renders a hook inside the app's providers, as a page would call it, with the
 * app's own QueryClient (its retry policy and stale times) unless one is given.
 */
export function renderHookWithApp<Result, Props = undefined>(hook: (props: Props) => Result, options: {
  client: TheSetClient;
  queryClient?: QueryClient;
  /** what the hook gets first; `rerender(props)` hands it new ones, as a page re-rendering would */
  initialProps?: Props;
}) {
  const queryClient = options.queryClient ?? createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders client={options.client} queryClient={queryClient}>{children}</AppProviders>
  );
  return { ...renderHook(hook, { wrapper, initialProps: options.initialProps }), queryClient };
}
