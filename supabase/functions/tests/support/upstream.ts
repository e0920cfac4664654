// The provider stand-in the functions' tests run their syncs against: the demo
// upstream (Ticketmaster, Spotify and setlist.fm formats from a seeded synthetic
// dataset). A test world starts its own on a free port with its own namespace and
// keys (world.ts); this is the one module through which tests reach its code.

export { createUpstream, type Upstream, type UpstreamOptions } from "../../../../scripts/stack/upstream/server.ts";
export { type DemoEvent, generateDataset } from "../../../../scripts/stack/upstream/fixtures.ts";
