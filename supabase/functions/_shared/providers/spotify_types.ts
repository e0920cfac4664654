// The parts of the Spotify Web API's JSON the sync reads, as a
// development-mode app gets them after February 2026: no popularity or
// followers unless Spotify still sends them, which is why they are optional.

export interface SpotifyImage {
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface SpotifyArtistRef {
  id: string;
  name: string;
}

export interface SpotifyArtist extends SpotifyArtistRef {
  genres?: string[];
  images?: SpotifyImage[];
  popularity?: number;
  followers?: { total?: number };
  external_urls?: { spotify?: string };
}

export interface SpotifyAlbum {
  id: string;
  name: string;
  album_type?: string;
  album_group?: string;
  release_date?: string;
  release_date_precision?: "year" | "month" | "day";
  total_tracks?: number;
  artists?: SpotifyArtistRef[];
  images?: SpotifyImage[];
}

export interface SpotifyTrack {
  id: string | null;
  name: string;
  duration_ms?: number;
  track_number?: number;
  disc_number?: number;
  artists?: SpotifyArtistRef[];
  is_local?: boolean;
  popularity?: number;
  album?: SpotifyAlbum;
}

export interface SpotifyPaging<T> {
  href?: string;
  items: T[];
  limit: number;
  next: string | null;
  offset: number;
  previous?: string | null;
  total: number;
}

export interface SpotifySearchArtists {
  artists: SpotifyPaging<SpotifyArtist>;
}

export interface SpotifySearchTracks {
  tracks: SpotifyPaging<SpotifyTrack>;
}

export interface SpotifyToken {
  access_token: string;
  token_type: string;
  expires_in: number;
}
