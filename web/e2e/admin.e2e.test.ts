// /admin in the browser: a fan is turned away and never downloads the
// console's code; the same account, made an admin (as npm run admin -- grant
// does) and signed in again, gets the console with its chunk.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { createAccount, newFan, removeUsersMadeByFans, uniqueEmail } from "./fans.ts";
import { connect, type Sql } from "./db.ts";

const appUrl = inject("appUrl");
const PASSWORD = "admin e2e password";
let browser: Browser;
let sql: Sql;

beforeAll(async () => {
  sql = connect();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (sql) await removeUsersMadeByFans(sql);
  await sql?.end();
});

/** The JavaScript files the page downloads from now on. */
function scriptsOf(page: Page): string[] {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  return scripts;
}

describe("the admin console in the browser", () => {
  it("turns a fan away without loading the console, and opens for the same account made an admin", async () => {
    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    const scripts = scriptsOf(page);
    const email = uniqueEmail("admin-e2e");
    await page.goto(`${appUrl}/account`);
    await createAccount(page, email, PASSWORD);
    await page.getByText("Your account is ready.").waitFor();
    await screenshot(page, "admin-account-created");

    await page.goto(`${appUrl}/admin`);
    await page.getByRole("heading", { level: 1, name: "Operators only" }).waitFor();
    await screenshot(page, "admin-refused");
    expect(scripts.filter((path) => /AdminPage/.test(path))).toEqual([]);

    // npm run admin -- grant <email>; the claim arrives with the next sign-in
    await sql`update auth.users set raw_app_meta_data = raw_app_meta_data || '{"role": "admin"}' where email = ${email}`;
    await page.goto(`${appUrl}/account`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "I already have an account" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("You're signed in.").waitFor();
    await screenshot(page, "admin-signed-in");

    await page.goto(`${appUrl}/admin`);
    await page.getByRole("heading", { level: 1, name: "Admin console" }).waitFor({ timeout: 15_000 });
    for (
      const section of ["Health", "Actions", "Sync runs", "Import queue", "Providers", "pg_cron jobs", "Audit trail"]
    ) {
      await page.getByRole("heading", { level: 2, name: section, exact: true }).waitFor();
    }
    await page.getByRole("rowheader", { name: "refresh-trending", exact: true }).waitFor();
    await screenshot(page, "admin-console");
    expect(scripts.filter((path) => /AdminPage/.test(path)).length).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
