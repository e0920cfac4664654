import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createTheSetClient, readSupabaseEnv, type TheSetClient } from "./lib/supabase.ts";
import { App, createQueryClient, preloadPage } from "./app/App.tsx";
import { prefetchPageData } from "./app/prefetch.ts";
import { shellState } from "./lib/bootData.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
let client: TheSetClient | null = null;
try {
  client = createTheSetClient(readSupabaseEnv());
} catch (error) {
  // a misconfigured deployment says what is missing instead of a blank page
  root.render(
    <main className="config-error" role="alert">
      <h1>TheSet is not configured</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
}
if (client) {
  const app = client;
  const queryClient = createQueryClient();
  // the opened page's data and its chunk side by side (see prefetch.ts); the page renders once its chunk
  // is in, so it renders without a fallback (see App.tsx), with whatever data has arrived by then
  const data = prefetchPageData(queryClient, app, location.pathname);
  // when the boot script has painted the show from its answer (app/showShell.tsx), that answer is in and the
  // data is a few microtasks away: the first render waits for it, so it paints the same show, not a skeleton
  void Promise.all([preloadPage(location.pathname), shellState().painted ? data : null]).then(() =>
    root.render(
      <StrictMode>
        <App client={app} queryClient={queryClient} />
      </StrictMode>,
    )
  );
}
