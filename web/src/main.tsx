import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createTheSetClient, readSupabaseEnv } from "./lib/supabase.ts";
import { App } from "./app/App.tsx";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
try {
  const client = createTheSetClient(readSupabaseEnv());
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
} catch (error) {
  // a misconfigured deployment says what is missing instead of a blank page
  root.render(
    <main className="config-error" role="alert">
      <h1>TheSet is not configured</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
}
