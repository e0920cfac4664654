// The parts of Ticketmaster Discovery v2's JSON the sync reads. Everything is
// optional because the API omits fields freely (TBA dates, venues without
// coordinates, events without attractions).

export interface TmImage {
  url?: string;
  ratio?: string;
  width?: number;
  height?: number;
  fallback?: boolean;
}

export interface TmClassification {
  primary?: boolean;
  segment?: { id?: string; name?: string };
  genre?: { id?: string; name?: string };
  subGenre?: { id?: string; name?: string };
}

export interface TmExternalLinks {
  spotify?: { url?: string }[];
  musicbrainz?: { id?: string; url?: string }[];
  [other: string]: unknown;
}

export interface TmAttraction {
  id?: string;
  name?: string;
  type?: string;
  url?: string;
  images?: TmImage[];
  classifications?: TmClassification[];
  externalLinks?: TmExternalLinks;
  upcomingEvents?: { _total?: number; [source: string]: number | undefined };
  /** not Ticketmaster's: the demo upstream marks the attractions it invents with true */
  synthetic?: boolean;
}

export interface TmVenue {
  id?: string;
  name?: string;
  timezone?: string;
  city?: { name?: string };
  state?: { name?: string; stateCode?: string };
  country?: { name?: string; countryCode?: string };
  location?: { latitude?: string; longitude?: string };
  address?: { line1?: string; line2?: string; line3?: string };
  postalCode?: string;
}

export interface TmEvent {
  id?: string;
  name?: string;
  type?: string;
  url?: string;
  dates?: {
    start?: {
      localDate?: string;
      localTime?: string;
      dateTime?: string;
      dateTBD?: boolean;
      dateTBA?: boolean;
      timeTBA?: boolean;
      noSpecificTime?: boolean;
    };
    timezone?: string;
    status?: { code?: string };
  };
  classifications?: TmClassification[];
  _embedded?: { venues?: TmVenue[]; attractions?: TmAttraction[] };
}

export interface TmPage {
  size: number;
  totalElements: number;
  totalPages: number;
  number: number;
}

export interface TmEventsResponse {
  _embedded?: { events?: TmEvent[] };
  _links?: Record<string, { href: string; templated?: boolean }>;
  page?: TmPage;
}

export interface TmAttractionsResponse {
  _embedded?: { attractions?: TmAttraction[] };
  _links?: Record<string, { href: string }>;
  page?: TmPage;
}
