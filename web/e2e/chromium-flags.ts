// Flags for Debian's Chromium, headless, on these machines (no GPU, no
// sandbox as root, nothing that calls out to the internet). Shared by the
// browser tests and the SPA benchmark so both measure the same browser.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
