import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createTheSetClient, readSupabaseEnv, type TheSetClient } from "./lib/supabase.ts";
import { App, preloadPage } from "./app/App.tsx";
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
  // the opened page's chunk first, so the page renders without a fallback (see App.tsx)
  void preloadPage(location.pathname).then(() =>
    root.render(
      <StrictMode>
        <App client={app} />
      </StrictMode>,
    )
  );
}
