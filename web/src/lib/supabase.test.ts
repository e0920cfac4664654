// Which key the app takes: the publishable key of a project created today, or
// the anon key of a project that still has only legacy keys.
import { describe, expect, it } from "vitest";
import { readSupabaseEnv } from "./supabase.ts";

const url = "https://abcdefghijklmnopqrst.supabase.co";

describe("readSupabaseEnv", () => {
  it("takes the publishable key", () => {
    expect(readSupabaseEnv({ VITE_SUPABASE_URL: url, VITE_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x" }))
      .toEqual({ url, key: "sb_publishable_x" });
  });

  it("prefers the publishable key when the legacy anon key is set too", () => {
    const env = {
      VITE_SUPABASE_URL: url,
      VITE_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_x",
      VITE_SUPABASE_ANON_KEY: "ey.a.b",
    };
    expect(readSupabaseEnv(env).key).toBe("sb_publishable_x");
  });

  it("falls back to the legacy anon key", () => {
    expect(
      readSupabaseEnv({ VITE_SUPABASE_URL: url, VITE_SUPABASE_PUBLISHABLE_KEY: " ", VITE_SUPABASE_ANON_KEY: "ey.a.b" }),
    )
      .toEqual({ url, key: "ey.a.b" });
  });

  it("names what is missing when neither key is set", () => {
    expect(() => readSupabaseEnv({ VITE_SUPABASE_URL: url })).toThrow(/VITE_SUPABASE_PUBLISHABLE_KEY/);
  });
});
