// The parts of setlist.fm API 1.0's JSON the sync reads.

export interface SfmArtist {
  mbid?: string;
  name?: string;
  sortName?: string;
  disambiguation?: string;
  url?: string;
}

export interface SfmCity {
  id?: string;
  name?: string;
  state?: string;
  stateCode?: string;
  coords?: { lat?: number; long?: number };
  country?: { code?: string; name?: string };
}

export interface SfmVenue {
  id?: string;
  name?: string;
  city?: SfmCity;
  url?: string;
}

export interface SfmSong {
  name?: string;
  tape?: boolean;
  cover?: SfmArtist;
  with?: SfmArtist;
  info?: string;
}

export interface SfmSet {
  name?: string;
  encore?: number;
  song?: SfmSong[];
}

export interface SfmSetlist {
  id?: string;
  versionId?: string;
  eventDate?: string;
  lastUpdated?: string;
  artist?: SfmArtist;
  venue?: SfmVenue;
  tour?: { name?: string };
  sets?: { set?: SfmSet[] };
  info?: string;
  url?: string;
}

export interface SfmSetlistsResponse {
  type?: string;
  itemsPerPage?: number;
  page?: number;
  total?: number;
  setlist?: SfmSetlist[];
}
