// Invented names for the synthetic demo data. Nothing here names a real
// artist, venue or song on purpose; the accents and scripts are there so the
// app is exercised on more than ASCII.

/** Artists the demo's markets see, then artists only an on-demand import finds. */
export const ARTIST_NAMES = [
  "Glass Orchard",
  "Neon Meridian",
  "The Paper Lanterns",
  "Harbor Lights",
  "Velvet Static",
  "Copper Wolves",
  "Les Étoiles Fausses",
  "Mölle Meridian Choir",
  "Ñandú Eléctrico",
  "Zoë & the Øresund",
  "シンセ Kaze",
  "Café Aurora",
  "Quiet Bureau",
  "Saltwater Saints",
  "Midnight Cartographers",
  "Polaroid Parade",
  "The Hollow Pines",
  "Sunday Satellites",
  "Lagoon Björnsdóttir",
  "Ivory Transit",
  "Echo Park Ghosts",
  "Lemon Tree Static",
  "Marble Arcade",
  "The Wandering Kites",
  "Crimson Tideline",
  "Señorita Sol",
  "Static Bloom",
  "Golden Hour Pilots",
  "Tin Can Telephone",
  "Northern Orchids",
  "Rivers of Glass",
  "Ember & Ash",
  "Lighthouse Keepers",
  "Säge & Söhne",
  "Velvet Underpass",
  "Arcade Weather",
  "Foxglove Radio",
  "Blue Hour Union",
  "Paper Planets",
  "The Midnight Ferns",
  // only on-demand imports find these: they tour outside the demo's markets
  "Distant Harbors",
  "Kōri no Uta",
  "Plaza Mayor Collective",
  "Fjordlight",
  // a second act with the same name as a touring one: slugs and search must tell them apart
  "Harbor Lights",
] as const;

/** How many of ARTIST_NAMES tour in the demo markets. */
export const MARKET_ARTIST_COUNT = 40;

export const SONG_FIRST = [
  "Paper",
  "Slow",
  "Neon",
  "Silver",
  "Midnight",
  "Golden",
  "Quiet",
  "Electric",
  "Hollow",
  "Velvet",
  "Crystal",
  "Broken",
  "Summer",
  "Winter",
  "Café",
  "Señor",
  "Lonely",
  "Wild",
  "Northern",
  "Burning",
  "Glass",
  "Paper-Thin",
  "Distant",
  "Crimson",
  "Lucky",
  "Sleeping",
  "Falling",
  "Wandering",
  "Fading",
  "Éternel",
] as const;

export const SONG_SECOND = [
  "Boats",
  "Tide",
  "Rain",
  "Lumière",
  "Highway",
  "Hearts",
  "Signals",
  "Gardens",
  "Satellites",
  "Harbour",
  "Letters",
  "Mornings",
  "Fires",
  "Rivers",
  "Ghosts",
  "Diamonds",
  "Canyons",
  "Streets",
  "Echoes",
  "Horizons",
  "Corazón",
  "Lanterns",
  "Skylines",
  "Wolves",
  "Oceans",
  "Parade",
  "Telephone",
  "Avenue",
  "Daydream",
  "Waltz",
] as const;

export const ALBUM_WORDS = [
  "Postcards",
  "Night Swim",
  "Static & Silk",
  "Salt Lines",
  "Low Light",
  "Échos",
  "Ferris Wheel",
  "Weathervane",
  "Open Water",
  "Small Hours",
  "Orange Grove",
  "Long Division",
] as const;

export interface MarketDef {
  city: string;
  countryCode: string;
  stateCode: string | null;
  stateName: string | null;
  countryName: string;
  dmaId: number;
  timezone: string;
  latitude: number;
  longitude: number;
}

/** The demo's five markets (sync-popular-tours' default markets). */
export const MARKETS: MarketDef[] = [
  {
    city: "New York",
    countryCode: "US",
    stateCode: "NY",
    stateName: "New York",
    countryName: "United States Of America",
    dmaId: 345,
    timezone: "America/New_York",
    latitude: 40.75,
    longitude: -73.99,
  },
  {
    city: "Los Angeles",
    countryCode: "US",
    stateCode: "CA",
    stateName: "California",
    countryName: "United States Of America",
    dmaId: 324,
    timezone: "America/Los_Angeles",
    latitude: 34.05,
    longitude: -118.24,
  },
  {
    city: "Chicago",
    countryCode: "US",
    stateCode: "IL",
    stateName: "Illinois",
    countryName: "United States Of America",
    dmaId: 249,
    timezone: "America/Chicago",
    latitude: 41.88,
    longitude: -87.63,
  },
  {
    city: "London",
    countryCode: "GB",
    stateCode: null,
    stateName: null,
    countryName: "Great Britain",
    dmaId: 602,
    timezone: "Europe/London",
    latitude: 51.51,
    longitude: -0.13,
  },
  {
    city: "Montréal",
    countryCode: "CA",
    stateCode: "QC",
    stateName: "Québec",
    countryName: "Canada",
    dmaId: 527,
    timezone: "America/Toronto",
    latitude: 45.5,
    longitude: -73.57,
  },
];

/** Where the import-only artists play. */
export const OTHER_MARKETS: MarketDef[] = [
  {
    city: "Reykjavík",
    countryCode: "IS",
    stateCode: null,
    stateName: null,
    countryName: "Iceland",
    dmaId: 9001,
    timezone: "Atlantic/Reykjavik",
    latitude: 64.15,
    longitude: -21.94,
  },
  {
    city: "São Paulo",
    countryCode: "BR",
    stateCode: "SP",
    stateName: "São Paulo",
    countryName: "Brazil",
    dmaId: 9002,
    timezone: "America/Sao_Paulo",
    latitude: -23.55,
    longitude: -46.63,
  },
];

export const VENUE_KINDS = [
  "Synthetic Hall",
  "Synthetic Ballroom",
  "Synthetic Arena",
  "Synthetic Theatre",
  "Synthetic Club",
  "Synthetic Pavilion",
] as const;

/** setlist.fm cities for past shows, anywhere in the world. */
export const SETLIST_CITIES = [
  {
    name: "New York",
    stateCode: "NY",
    state: "New York",
    country: "US",
    countryName: "United States",
    lat: 40.71,
    long: -74.01,
  },
  {
    name: "Chicago",
    stateCode: "IL",
    state: "Illinois",
    country: "US",
    countryName: "United States",
    lat: 41.85,
    long: -87.65,
  },
  {
    name: "Austin",
    stateCode: "TX",
    state: "Texas",
    country: "US",
    countryName: "United States",
    lat: 30.27,
    long: -97.74,
  },
  {
    name: "London",
    stateCode: "ENG",
    state: "England",
    country: "GB",
    countryName: "United Kingdom",
    lat: 51.51,
    long: -0.13,
  },
  {
    name: "Zürich",
    stateCode: "ZH",
    state: "Zurich",
    country: "CH",
    countryName: "Switzerland",
    lat: 47.37,
    long: 8.55,
  },
  {
    name: "São Paulo",
    stateCode: "SP",
    state: "São Paulo",
    country: "BR",
    countryName: "Brazil",
    lat: -23.55,
    long: -46.63,
  },
  {
    name: "Reykjavík",
    stateCode: "1",
    state: "Capital Region",
    country: "IS",
    countryName: "Iceland",
    lat: 64.14,
    long: -21.9,
  },
  {
    name: "Montréal",
    stateCode: "QC",
    state: "Quebec",
    country: "CA",
    countryName: "Canada",
    lat: 45.51,
    long: -73.59,
  },
  { name: "Berlin", stateCode: "BE", state: "Berlin", country: "DE", countryName: "Germany", lat: 52.52, long: 13.41 },
  { name: "Tokyo", stateCode: "13", state: "Tokyo", country: "JP", countryName: "Japan", lat: 35.69, long: 139.69 },
];

export const COVER_SONGS = [
  { title: "Synthetic Standard No. 1", artist: "Synthetic Traditional" },
  { title: "Old Synthetic Ballad", artist: "Synthetic Folk Society" },
  { title: "Borrowed Sunshine", artist: "The Synthetic Originals" },
] as const;

export const NON_MUSIC = ["Synthetic Hockey Night", "Synthetic Comedy Hour", "Synthetic Basketball Classic"] as const;
