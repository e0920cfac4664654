// Assertions for the deno tests, on top of node:assert (JSR's std is not
// reachable from our machines; node:assert ships inside Deno).

import nodeAssert from "node:assert/strict";

export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, message);
}

export function assertEquals<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

export function assertMatch(actual: string, expected: RegExp, message?: string): void {
  nodeAssert.match(actual, expected, message);
}

export function assertGreaterOrEqual(actual: number, expected: number, message?: string): void {
  nodeAssert.ok(actual >= expected, message ?? `expected ${actual} >= ${expected}`);
}

export async function assertRejects(fn: () => Promise<unknown>, pattern?: RegExp): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    if (pattern) nodeAssert.match(String((error as Error)?.message ?? error), pattern);
    return error as Error;
  }
  throw new nodeAssert.AssertionError({ message: "expected the promise to reject" });
}
