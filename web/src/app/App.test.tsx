// The opened page's chunk is loaded before the first render (preloadPage), so
// the page is there in the first commit instead of suspending behind the page
// fallback, which React 19 keeps up for at least 300 ms once shown. A page that
// was not preloaded still suspends and shows the fallback first.

import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { AppProviders, AppRoutes, preloadPage } from "./App.tsx";
import { appClient } from "../../test/stack.ts";
import { testQueryClient } from "../../test/render.tsx";

function renderAt(path: string) {
  return render(
    <AppProviders client={appClient()} queryClient={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </AppProviders>,
  );
}

describe("preloadPage", () => {
  it("puts a preloaded page in the first commit, without the page fallback", async () => {
    await preloadPage("/no/such/page");
    renderAt("/no/such/page");
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.queryByText("Loading page…")).not.toBeInTheDocument();
  });

  it("leaves a page it did not load to suspend behind the fallback first", async () => {
    renderAt("/account");
    expect(screen.getByText("Loading page…")).toBeInTheDocument();
    // a visitor without an account is offered "Create your account" first
    const accountHeading = { name: /^(Create your account|Sign in)$/ };
    expect(screen.queryByRole("heading", accountHeading)).not.toBeInTheDocument();
    expect(await screen.findByRole("heading", accountHeading)).toBeInTheDocument();
  });
});
