// /admin against the real stack: a fan is turned away (and the database
// refuses the console's RPCs with 403 admin_required whatever the page does);
// an admin, whose token carries app_metadata.role = admin after signing in
// again, sees runs filtered by status and date with a run's errors and log
// lines, cancels a queued import, and finds the action in the audit trail.

import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AdminRoute } from "./AdminRoute.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { type Fan, type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import type { TheSetClient } from "../lib/supabase.ts";

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

async function adminFan(): Promise<Fan> {
  const fan = await world.fan("email");
  await world.sql`
    update auth.users set raw_app_meta_data = raw_app_meta_data || '{"role": "admin"}' where id = ${fan.userId}`;
  // the claim is in the next token GoTrue issues
  const { error } = await fan.client.auth.signInWithPassword({ email: fan.email!, password: "test fixture password" });
  if (error) throw error;
  return fan;
}

describe("/admin", () => {
  it("turns a fan away, and the database refuses a fan's console calls with 403 admin_required", async () => {
    const fan = await world.fan("email");
    renderWithApp(<AdminRoute />, { client: fan.client as TheSetClient, route: "/admin", path: "/admin" });
    expect(await screen.findByRole("heading", { name: "Operators only" })).toBeInTheDocument();
    expect(screen.getByText(/Your account is not an admin account/)).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Admin console" })).not.toBeInTheDocument();
    const refused = await fan.client.rpc("admin_sync_runs", {});
    expect([refused.status, refused.error?.code, refused.error?.message]).toEqual([403, "42501", "admin_required"]);
  });

  it("shows an admin the runs with a run's log, and cancels a queued import into the audit trail", async () => {
    const admin = await adminFan();
    const job = `test-fixture-sync-${world.tag}`;
    const runId = await world.syncRun({ job, status: "failed", startedAt: new Date(), error: "fixture upstream 503" });
    await world.sql`select public.append_sync_run_events(${runId}, ${
      world.sql.json([{ level: "warn", event: "sync_item_failed", fields: { run_id: runId, item: "fixture-item" } }])
    })`;
    const artist = await world.artist();
    const importId = await world.importJob({ kind: "catalog_sync", artistId: artist.id });

    renderWithApp(<AdminRoute />, { client: admin.client as TheSetClient, route: "/admin", path: "/admin" });
    expect(await screen.findByRole("heading", { name: "Admin console", level: 1 }, { timeout: 10_000 }))
      .toBeInTheDocument();

    // runs: failed ones from today (UTC) include ours; a status with none of ours leaves it out
    const runs = screen.getByRole("group", { name: "Filter sync runs" });
    const today = new Date().toISOString().slice(0, 10);
    await userEvent.selectOptions(within(runs).getByLabelText("Status"), "failed");
    await userEvent.type(within(runs).getByLabelText("From"), today);
    expect(await screen.findByRole("button", { name: `#${runId}` })).toBeInTheDocument();
    await userEvent.selectOptions(within(runs).getByLabelText("Status"), "ok");
    const runsSection = screen.getByRole("heading", { name: "Sync runs" }).closest("section")!;
    await waitFor(() => {
      expect(screen.queryByRole("button", { name: `#${runId}` })).not.toBeInTheDocument();
      // the ok runs' answer has arrived: a table of ok runs only, or none
      const statuses = within(runsSection).queryAllByText(/^(running|ok|partial|failed)$/, { selector: ".badge" });
      expect(statuses.length > 0 ? statuses.every((badge) => badge.textContent === "ok") : true).toBe(true);
      expect(within(runsSection).queryByText(/Loading sync runs/)).toBeNull();
    });
    await userEvent.selectOptions(within(runs).getByLabelText("Status"), "failed");
    await userEvent.click(await screen.findByRole("button", { name: `#${runId}` }));
    expect(await screen.findByText("fixture upstream 503")).toBeInTheDocument();
    expect(await screen.findByTestId("run-log")).toHaveTextContent('"item":"fixture-item"');

    // the import queue: cancel our queued job
    await userEvent.click(await screen.findByRole("button", { name: `Cancel #${importId}` }));
    const audit = screen.getByRole("heading", { name: "Audit trail" }).closest("section")!;
    expect(await within(audit).findByText(`{"job_id":${importId}}`)).toBeInTheDocument();
    const row = within(audit).getByText(`{"job_id":${importId}}`).closest("tr")!;
    expect(within(row).getByText("cancel_import")).toBeInTheDocument();
    expect(within(row).getByText(admin.email!)).toBeInTheDocument();
    const [cancelled] = await world.sql<{ status: string; last_error: string }[]>`
      select status, last_error from public.import_jobs where id = ${importId}`;
    expect(cancelled).toEqual({ status: "dead", last_error: "cancelled by an admin" });
    await world.sql`delete from public.admin_audit where actor_id = ${admin.userId}`;
  });
});
