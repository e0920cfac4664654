// The requests the boot script (boot.ts) started before the app loaded, handed
// over to the app's queries. Each is taken once: a later fetch of the same
// query (a refetch, another visit) asks the database itself.

/** The global the boot script leaves its requests on, by key. */
export const BOOT_GLOBAL = "__thesetBoot";

export const bootKeys = {
  /** the show page's show with its setlists embedded (SHOW_PAGE_SELECT), as PostgREST's row array */
  showPage: (showId: string) => `show-page:${showId}`,
};

export type BootRequests = Record<string, Promise<unknown>>;

type BootGlobal = { [BOOT_GLOBAL]?: BootRequests };

/** The boot script's request under `key`, once; undefined when it made none. */
export function takeBootRequest(key: string): Promise<unknown> | undefined {
  const requests = (globalThis as BootGlobal)[BOOT_GLOBAL];
  const request = requests?.[key];
  if (request) delete requests[key];
  return request;
}

export function leaveBootRequests(requests: BootRequests): void {
  (globalThis as BootGlobal)[BOOT_GLOBAL] = requests;
}

/** The global the first frame's state lives on (see ShellState). */
export const SHELL_GLOBAL = "__thesetShell";

/**
 * The static first frame (build/home-shell.ts): the boot script sets `route` (the opened path's route,
 * which picks the frame's template), the HTML's inline script copies that template into the root and
 * keeps its top nodes in `nodes` (the app's first render takes them out of the document), and the boot
 * script sets `painted` once it has painted the opened show into them (app/showShell.tsx).
 */
export interface ShellState {
  route?: string;
  nodes?: Node[];
  painted?: boolean;
}

export function shellState(): ShellState {
  const global = globalThis as { [SHELL_GLOBAL]?: ShellState };
  return global[SHELL_GLOBAL] ??= {};
}
