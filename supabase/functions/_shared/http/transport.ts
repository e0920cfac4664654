// One HTTP attempt under a timeout that covers the body as well as the
// headers, reported as what happened rather than thrown: the status ladder
// decides what each outcome means.

export type Attempt =
  | { kind: "response"; response: Response }
  | { kind: "timeout" }
  | { kind: "network"; message: string };

export interface Send {
  method: string;
  url: URL;
  headers: Headers;
  body?: string;
  timeoutMs: number;
}

export async function sendOnce(fetchFn: typeof fetch, send: Send): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), send.timeoutMs);
  try {
    const response = await fetchFn(send.url, {
      method: send.method,
      headers: send.headers,
      body: send.body,
      signal: controller.signal,
    });
    // read the body under the same timer: a provider that stalls mid-body is a timeout too
    const bytes = await response.arrayBuffer();
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    const buffered = new Response(nullBody ? null : bytes, { status: response.status, headers: response.headers });
    return { kind: "response", response: buffered };
  } catch (error) {
    if (controller.signal.aborted) return { kind: "timeout" };
    return { kind: "network", message: (error as Error).message ?? String(error) };
  } finally {
    clearTimeout(timer);
  }
}
