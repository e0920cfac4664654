import { describe, expect, it } from "vitest";
import { AppError, REFUSAL_MESSAGES, toAppError, toFunctionAppError } from "./refusals.ts";
import { DATABASE_REFUSALS } from "./refusal_codes.generated.ts";

// the database's refusals, as its catalogue (public.refusal_codes) lists them
const CONTRACT_CODES = Object.keys(DATABASE_REFUSALS).filter((code) => code !== "admin_required");

describe("toAppError", () => {
  it.each(CONTRACT_CODES)("maps the P0001 refusal %s to its own readable message", (code) => {
    const error = toAppError({ code: "P0001", message: code, details: "…", hint: null });
    expect(error.code).toBe(code);
    expect(error.message).toBe((REFUSAL_MESSAGES as Record<string, string>)[code]);
    expect(error.message).not.toContain("_");
  });

  it("maps the 42501 admin_required refusal (PostgREST 403) to its words", () => {
    const error = toAppError({ code: "42501", message: "admin_required", status: 403 });
    expect([error.code, error.status]).toEqual(["admin_required", 403]);
    expect(error.message).toBe(REFUSAL_MESSAGES.admin_required);
    // a plain privilege error is not mistaken for a refusal
    expect(toAppError({ code: "42501", message: "permission denied for function x" }).code).toBe("42501");
  });

  it("marks exactly the guest refusals as needing an account", () => {
    const needing = CONTRACT_CODES.filter((code) => toAppError({ code: "P0001", message: code }).needsAccount);
    expect(needing.sort()).toEqual(["guest_cannot_claim_handle", "guest_cannot_suggest", "guest_vote_limit"]);
  });

  it("does not pass an unknown P0001 message through as if it were a known refusal", () => {
    const error = toAppError({ code: "P0001", message: "something_new" });
    expect(error.code).toBe("P0001");
    expect(error.message).toBe("Something went wrong (P0001). Try again.");
  });

  it("maps GoTrue's error codes", () => {
    expect(
      toAppError({
        name: "AuthApiError",
        code: "invalid_credentials",
        status: 400,
        message: "Invalid login credentials",
      }),
    )
      .toMatchObject({ code: "invalid_credentials", message: "Wrong email or password.", status: 400 });
  });

  it("maps GoTrue's rate limit refusal (429 over_request_rate_limit) to words, not the code", () => {
    const error = toAppError({
      name: "AuthApiError",
      code: "over_request_rate_limit",
      status: 429,
      message: "Request rate limit reached",
    });
    expect(error).toMatchObject({ code: "over_request_rate_limit", status: 429 });
    expect(error.message).toBe(REFUSAL_MESSAGES.over_request_rate_limit);
    expect(error.message).not.toContain("_");
  });

  it("recognises network failures", () => {
    expect(toAppError(new TypeError("Failed to fetch")).code).toBe("network");
    expect(toAppError({ name: "FunctionsFetchError", message: "Failed to send a request" }).code).toBe("network");
  });

  it("keeps an AppError as it is", () => {
    const original = new AppError("voting_closed", "closed");
    expect(toAppError(original)).toBe(original);
  });

  it("describes an unexpected PostgREST error by its code", () => {
    expect(toAppError({ code: "PGRST205", message: "Could not find the table" }).message).toBe(
      "Something went wrong (PGRST205). Try again.",
    );
  });
});

describe("toFunctionAppError", () => {
  // functions-js's FunctionsHttpError: the function's Response is in `context`
  const httpError = (status: number, body: string) => ({
    name: "FunctionsHttpError",
    message: "Edge Function returned a non-2xx status code",
    context: new Response(body, { status, headers: { "Content-Type": "application/json" } }),
  });

  it("reads the function's refusal code from its JSON body", async () => {
    const error = await toFunctionAppError(
      httpError(404, JSON.stringify({ code: "attraction_not_found", message: "Ticketmaster has no attraction x" })),
    );
    expect(error).toMatchObject({ code: "attraction_not_found", status: 404 });
    expect(error.message).toBe(REFUSAL_MESSAGES.attraction_not_found);
  });

  it("names an unknown code instead of inventing words for it", async () => {
    const error = await toFunctionAppError(httpError(500, JSON.stringify({ code: "internal_error", message: "x" })));
    expect(error.message).toBe("Something went wrong (internal_error). Try again.");
  });

  it("falls back to the client's error when the body says nothing", async () => {
    const error = await toFunctionAppError(httpError(502, "<html>bad gateway</html>"));
    expect(error.message).toBe("Something went wrong (Edge Function returned a non-2xx status code). Try again.");
    expect((await toFunctionAppError(new TypeError("Failed to fetch"))).code).toBe("network");
  });
});
