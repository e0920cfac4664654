
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "admin_audit": {
                  Row: {
                    "action": string,"actor_email": string | null,"actor_id": string,"args": NonNullable<Json>,"created_at": string,"id": number,"result": Json | null
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_email"?: string | null,"actor_id": string,"args"?: NonNullable<Json>,"created_at"?: string,"id"?: never,"result"?: Json | null
                  }
                  Update: {
                    "action"?: string,"actor_email"?: string | null,"actor_id"?: string,"args"?: NonNullable<Json>,"created_at"?: string,"id"?: never,"result"?: Json | null
                  }
                  Relationships: [
                    
                  ]
                },"api_cache": {
                  Row: {
                    "body": Json | null,"cache_key": string,"etag": string | null,"expires_at": string,"fetched_at": string,"provider": string,"status": number
                  }
                  ComputedFields: never
                  Insert: {
                    "body"?: Json | null,"cache_key": string,"etag"?: string | null,"expires_at": string,"fetched_at"?: string,"provider": string,"status": number
                  }
                  Update: {
                    "body"?: Json | null,"cache_key"?: string,"etag"?: string | null,"expires_at"?: string,"fetched_at"?: string,"provider"?: string,"status"?: number
                  }
                  Relationships: [
                    
                  ]
                },"api_usage": {
                  Row: {
                    "daily_limit": number | null,"day": string,"key_id": string,"provider": string,"requests": number
                  }
                  ComputedFields: never
                  Insert: {
                    "daily_limit"?: number | null,"day": string,"key_id"?: string,"provider": string,"requests"?: number
                  }
                  Update: {
                    "daily_limit"?: number | null,"day"?: string,"key_id"?: string,"provider"?: string,"requests"?: number
                  }
                  Relationships: [
                    
                  ]
                },"app_limits": {
                  Row: {
                    "daily_vote_actions": number,"guest_vote_actions": number,"id": boolean,"suggestions_per_show": number,"view_count_interval": string
                  }
                  ComputedFields: never
                  Insert: {
                    "daily_vote_actions"?: number,"guest_vote_actions"?: number,"id"?: boolean,"suggestions_per_show"?: number,"view_count_interval"?: string
                  }
                  Update: {
                    "daily_vote_actions"?: number,"guest_vote_actions"?: number,"id"?: boolean,"suggestions_per_show"?: number,"view_count_interval"?: string
                  }
                  Relationships: [
                    
                  ]
                },"artist_follower_counts": {
                  Row: {
                    "artist_id": string,"followers": number
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"followers"?: number
                  }
                  Update: {
                    "artist_id"?: string,"followers"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "artist_follower_counts_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: true
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"artists": {
                  Row: {
                    "created_at": string,"genres": (string)[],"id": string,"image_url": string | null,"mbid": string | null,"name": string,"setlists_synced_at": string | null,"shows_synced_at": string | null,"slug": string,"songs_synced_at": string | null,"spotify_id": string | null,"synthetic": boolean,"ticketmaster_id": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"genres"?: (string)[],"id"?: string,"image_url"?: string | null,"mbid"?: string | null,"name": string,"setlists_synced_at"?: string | null,"shows_synced_at"?: string | null,"slug": string,"songs_synced_at"?: string | null,"spotify_id"?: string | null,"synthetic"?: boolean,"ticketmaster_id"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"genres"?: (string)[],"id"?: string,"image_url"?: string | null,"mbid"?: string | null,"name"?: string,"setlists_synced_at"?: string | null,"shows_synced_at"?: string | null,"slug"?: string,"songs_synced_at"?: string | null,"spotify_id"?: string | null,"synthetic"?: boolean,"ticketmaster_id"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"caller_quota_usage": {
                  Row: {
                    "caller_key": string,"calls": number,"scope": string,"window_end": string,"window_seconds": number
                  }
                  ComputedFields: never
                  Insert: {
                    "caller_key": string,"calls": number,"scope": string,"window_end": string,"window_seconds": number
                  }
                  Update: {
                    "caller_key"?: string,"calls"?: number,"scope"?: string,"window_end"?: string,"window_seconds"?: number
                  }
                  Relationships: [
                    
                  ]
                },"cron_logs": {
                  Row: {
                    "created_at": string,"details": NonNullable<Json>,"duration_ms": number | null,"id": number,"job_name": string,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"details"?: NonNullable<Json>,"duration_ms"?: number | null,"id"?: never,"job_name": string,"status": string
                  }
                  Update: {
                    "created_at"?: string,"details"?: NonNullable<Json>,"duration_ms"?: number | null,"id"?: never,"job_name"?: string,"status"?: string
                  }
                  Relationships: [
                    
                  ]
                },"fan_artist_points": {
                  Row: {
                    "artist_id": string,"points": number,"shows": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"points"?: number,"shows"?: number,"user_id": string
                  }
                  Update: {
                    "artist_id"?: string,"points"?: number,"shows"?: number,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "fan_artist_points_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"fan_points": {
                  Row: {
                    "points": number,"shows": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "points"?: number,"shows"?: number,"user_id": string
                  }
                  Update: {
                    "points"?: number,"shows"?: number,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"fan_rules": {
                  Row: {
                    "downvote_unplayed_points": number,"handle_max_length": number,"handle_min_length": number,"home_city_max_length": number,"id": boolean,"max_follows": number,"nearby_km": number,"notification_retention_days": number,"suggestion_played_points": number,"upvote_played_points": number
                  }
                  ComputedFields: never
                  Insert: {
                    "downvote_unplayed_points"?: number,"handle_max_length"?: number,"handle_min_length"?: number,"home_city_max_length"?: number,"id"?: boolean,"max_follows"?: number,"nearby_km"?: number,"notification_retention_days"?: number,"suggestion_played_points"?: number,"upvote_played_points"?: number
                  }
                  Update: {
                    "downvote_unplayed_points"?: number,"handle_max_length"?: number,"handle_min_length"?: number,"home_city_max_length"?: number,"id"?: boolean,"max_follows"?: number,"nearby_km"?: number,"notification_retention_days"?: number,"suggestion_played_points"?: number,"upvote_played_points"?: number
                  }
                  Relationships: [
                    
                  ]
                },"follows": {
                  Row: {
                    "artist_id": string,"created_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"created_at"?: string,"user_id": string
                  }
                  Update: {
                    "artist_id"?: string,"created_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "follows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"import_jobs": {
                  Row: {
                    "artist_id": string | null,"attempts": number,"created_at": string,"dedupe_key": string,"finished_at": string | null,"id": number,"kind": string,"last_error": string | null,"locked_at": string | null,"max_attempts": number,"payload": NonNullable<Json>,"progress": NonNullable<Json>,"requested_by": string | null,"run_after": string,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id"?: string | null,"attempts"?: number,"created_at"?: string,"dedupe_key": string,"finished_at"?: string | null,"id"?: never,"kind": string,"last_error"?: string | null,"locked_at"?: string | null,"max_attempts"?: number,"payload"?: NonNullable<Json>,"progress"?: NonNullable<Json>,"requested_by"?: string | null,"run_after"?: string,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "artist_id"?: string | null,"attempts"?: number,"created_at"?: string,"dedupe_key"?: string,"finished_at"?: string | null,"id"?: never,"kind"?: string,"last_error"?: string | null,"locked_at"?: string | null,"max_attempts"?: number,"payload"?: NonNullable<Json>,"progress"?: NonNullable<Json>,"requested_by"?: string | null,"run_after"?: string,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "import_jobs_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"notifications": {
                  Row: {
                    "created_at": string,"delivered_at": string | null,"delivery_status": string,"event_key": string,"id": number,"kind": string,"payload": NonNullable<Json>,"read_at": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"delivered_at"?: string | null,"delivery_status"?: string,"event_key": string,"id"?: never,"kind": string,"payload"?: NonNullable<Json>,"read_at"?: string | null,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"delivered_at"?: string | null,"delivery_status"?: string,"event_key"?: string,"id"?: never,"kind"?: string,"payload"?: NonNullable<Json>,"read_at"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"prediction_scores": {
                  Row: {
                    "actual_setlist_id": string,"crowd_f1": number | null,"crowd_matched": number | null,"crowd_songs": number | null,"crowd_votes": number | null,"engine_f1": number | null,"engine_matched": number | null,"engine_songs": number | null,"matched_songs": number,"matches": NonNullable<Json>,"played_songs": number,"position_agreement": number,"precision": number,"predicted_setlist_id": string,"predicted_songs": number,"recall": number,"score": number,"scored_at": string,"show_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actual_setlist_id": string,"crowd_f1"?: number | null,"crowd_matched"?: number | null,"crowd_songs"?: number | null,"crowd_votes"?: number | null,"engine_f1"?: number | null,"engine_matched"?: number | null,"engine_songs"?: number | null,"matched_songs": number,"matches"?: NonNullable<Json>,"played_songs": number,"position_agreement": number,"precision": number,"predicted_setlist_id": string,"predicted_songs": number,"recall": number,"score": number,"scored_at"?: string,"show_id": string
                  }
                  Update: {
                    "actual_setlist_id"?: string,"crowd_f1"?: number | null,"crowd_matched"?: number | null,"crowd_songs"?: number | null,"crowd_votes"?: number | null,"engine_f1"?: number | null,"engine_matched"?: number | null,"engine_songs"?: number | null,"matched_songs"?: number,"matches"?: NonNullable<Json>,"played_songs"?: number,"position_agreement"?: number,"precision"?: number,"predicted_setlist_id"?: string,"predicted_songs"?: number,"recall"?: number,"score"?: number,"scored_at"?: string,"show_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prediction_scores_actual_setlist_id_fkey"
      columns: ["actual_setlist_id"]
isOneToOne: false
      referencedRelation: "setlists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prediction_scores_predicted_setlist_id_fkey"
      columns: ["predicted_setlist_id"]
isOneToOne: false
      referencedRelation: "setlists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prediction_scores_show_id_fkey"
      columns: ["show_id"]
isOneToOne: true
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prediction_scores_show_id_fkey"
      columns: ["show_id"]
isOneToOne: true
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"profiles": {
                  Row: {
                    "created_at": string,"handle": string | null,"home_city": string | null,"home_latitude": number | null,"home_longitude": number | null,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"handle"?: string | null,"home_city"?: string | null,"home_latitude"?: number | null,"home_longitude"?: number | null,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"handle"?: string | null,"home_city"?: string | null,"home_latitude"?: number | null,"home_longitude"?: number | null,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"refusal_codes": {
                  Row: {
                    "code": string,"fan_message": string | null,"http_status": number,"meaning": string,"raised_by": string,"sqlstate": string
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"fan_message"?: string | null,"http_status"?: number,"meaning": string,"raised_by": string,"sqlstate"?: string
                  }
                  Update: {
                    "code"?: string,"fan_message"?: string | null,"http_status"?: number,"meaning"?: string,"raised_by"?: string,"sqlstate"?: string
                  }
                  Relationships: [
                    
                  ]
                },"reserved_handles": {
                  Row: {
                    "handle": string
                  }
                  ComputedFields: never
                  Insert: {
                    "handle": string
                  }
                  Update: {
                    "handle"?: string
                  }
                  Relationships: [
                    
                  ]
                },"retention_settings": {
                  Row: {
                    "keep": string,"note": string,"target": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "keep": string,"note": string,"target": string,"updated_at"?: string
                  }
                  Update: {
                    "keep"?: string,"note"?: string,"target"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"search_rules": {
                  Row: {
                    "id": boolean,"min_query_length": number
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"min_query_length"?: number
                  }
                  Update: {
                    "id"?: boolean,"min_query_length"?: number
                  }
                  Relationships: [
                    
                  ]
                },"setlist_songs": {
                  Row: {
                    "cover_artist": string | null,"created_at": string,"downvotes": number,"guest_artist": string | null,"id": string,"info": string | null,"is_cover": boolean,"is_encore": boolean,"is_tape": boolean,"likelihood": string | null,"position": number,"probability": number | null,"reasons": Json | null,"set_number": number,"setlist_id": string,"song_id": string | null,"suggested": boolean,"suggested_by": string | null,"title": string,"upvotes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "cover_artist"?: string | null,"created_at"?: string,"downvotes"?: number,"guest_artist"?: string | null,"id"?: string,"info"?: string | null,"is_cover"?: boolean,"is_encore"?: boolean,"is_tape"?: boolean,"likelihood"?: never,"position": number,"probability"?: number | null,"reasons"?: Json | null,"set_number"?: number,"setlist_id": string,"song_id"?: string | null,"suggested"?: boolean,"suggested_by"?: string | null,"title": string,"upvotes"?: number
                  }
                  Update: {
                    "cover_artist"?: string | null,"created_at"?: string,"downvotes"?: number,"guest_artist"?: string | null,"id"?: string,"info"?: string | null,"is_cover"?: boolean,"is_encore"?: boolean,"is_tape"?: boolean,"likelihood"?: never,"position"?: number,"probability"?: number | null,"reasons"?: Json | null,"set_number"?: number,"setlist_id"?: string,"song_id"?: string | null,"suggested"?: boolean,"suggested_by"?: string | null,"title"?: string,"upvotes"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "setlist_songs_setlist_id_fkey"
      columns: ["setlist_id"]
isOneToOne: false
      referencedRelation: "setlists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "setlist_songs_song_id_fkey"
      columns: ["song_id"]
isOneToOne: false
      referencedRelation: "songs"
      referencedColumns: ["id"]
    }
                  ]
                },"setlists": {
                  Row: {
                    "created_at": string,"id": string,"kind": Database["public"]['Enums']["setlist_kind"],"locked_at": string | null,"setlistfm_id": string | null,"show_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"kind": Database["public"]['Enums']["setlist_kind"],"locked_at"?: string | null,"setlistfm_id"?: string | null,"show_id": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["setlist_kind"],"locked_at"?: string | null,"setlistfm_id"?: string | null,"show_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "setlists_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "setlists_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"show_artists": {
                  Row: {
                    "artist_id": string,"billing_position": number,"show_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"billing_position": number,"show_id": string
                  }
                  Update: {
                    "artist_id"?: string,"billing_position"?: number,"show_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "show_artists_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_artists_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_artists_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"show_points": {
                  Row: {
                    "artist_id": string,"awarded_at": string,"calls": number,"downvotes_unplayed": number,"guest": boolean,"points": number,"show_id": string,"suggestions_played": number,"upvotes_played": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"awarded_at"?: string,"calls": number,"downvotes_unplayed": number,"guest": boolean,"points": number,"show_id": string,"suggestions_played": number,"upvotes_played": number,"user_id": string
                  }
                  Update: {
                    "artist_id"?: string,"awarded_at"?: string,"calls"?: number,"downvotes_unplayed"?: number,"guest"?: boolean,"points"?: number,"show_id"?: string,"suggestions_played"?: number,"upvotes_played"?: number,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "show_points_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_points_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_points_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"show_view_counts": {
                  Row: {
                    "hour": string,"show_id": string,"views": number
                  }
                  ComputedFields: never
                  Insert: {
                    "hour": string,"show_id": string,"views": number
                  }
                  Update: {
                    "hour"?: string,"show_id"?: string,"views"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "show_view_counts_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_view_counts_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"show_view_marks": {
                  Row: {
                    "counted_at": string,"show_id": string,"viewer_key": string
                  }
                  ComputedFields: never
                  Insert: {
                    "counted_at": string,"show_id": string,"viewer_key": string
                  }
                  Update: {
                    "counted_at"?: string,"show_id"?: string,"viewer_key"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "show_view_marks_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "show_view_marks_show_id_fkey"
      columns: ["show_id"]
isOneToOne: false
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    }
                  ]
                },"shows": {
                  Row: {
                    "artist_id": string,"created_at": string,"date_tba": boolean,"id": string,"last_seen_at": string | null,"local_date": string | null,"name": string,"setlistfm_id": string | null,"starts_at": string | null,"status": Database["public"]['Enums']["show_status"],"ticket_url": string | null,"ticketmaster_id": string | null,"time_tba": boolean,"tour_name": string | null,"tour_slug": string | null,"updated_at": string,"venue_id": string | null,"voting_closes_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "artist_id": string,"created_at"?: string,"date_tba"?: boolean,"id"?: string,"last_seen_at"?: string | null,"local_date"?: string | null,"name": string,"setlistfm_id"?: string | null,"starts_at"?: string | null,"status"?: Database["public"]['Enums']["show_status"],"ticket_url"?: string | null,"ticketmaster_id"?: string | null,"time_tba"?: boolean,"tour_name"?: string | null,"tour_slug"?: never,"updated_at"?: string,"venue_id"?: string | null,"voting_closes_at"?: string | null
                  }
                  Update: {
                    "artist_id"?: string,"created_at"?: string,"date_tba"?: boolean,"id"?: string,"last_seen_at"?: string | null,"local_date"?: string | null,"name"?: string,"setlistfm_id"?: string | null,"starts_at"?: string | null,"status"?: Database["public"]['Enums']["show_status"],"ticket_url"?: string | null,"ticketmaster_id"?: string | null,"time_tba"?: boolean,"tour_name"?: string | null,"tour_slug"?: never,"updated_at"?: string,"venue_id"?: string | null,"voting_closes_at"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "shows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shows_venue_id_fkey"
      columns: ["venue_id"]
isOneToOne: false
      referencedRelation: "venues"
      referencedColumns: ["id"]
    }
                  ]
                },"songs": {
                  Row: {
                    "album": string | null,"album_spotify_id": string | null,"artist_id": string,"created_at": string,"duration_ms": number | null,"id": string,"is_live": boolean,"is_remix": boolean,"normalized_title": string,"release_date": string | null,"slug": string | null,"spotify_id": string | null,"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "album"?: string | null,"album_spotify_id"?: string | null,"artist_id": string,"created_at"?: string,"duration_ms"?: number | null,"id"?: string,"is_live"?: boolean,"is_remix"?: boolean,"normalized_title": string,"release_date"?: string | null,"slug"?: never,"spotify_id"?: string | null,"title": string,"updated_at"?: string
                  }
                  Update: {
                    "album"?: string | null,"album_spotify_id"?: string | null,"artist_id"?: string,"created_at"?: string,"duration_ms"?: number | null,"id"?: string,"is_live"?: boolean,"is_remix"?: boolean,"normalized_title"?: string,"release_date"?: string | null,"slug"?: never,"spotify_id"?: string | null,"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "songs_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"sync_errors": {
                  Row: {
                    "created_at": string,"details": Json | null,"id": number,"item_key": string | null,"message": string,"provider": string,"run_id": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"details"?: Json | null,"id"?: never,"item_key"?: string | null,"message": string,"provider": string,"run_id"?: number | null
                  }
                  Update: {
                    "created_at"?: string,"details"?: Json | null,"id"?: never,"item_key"?: string | null,"message"?: string,"provider"?: string,"run_id"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "sync_errors_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "sync_runs"
      referencedColumns: ["id"]
    }
                  ]
                },"sync_health_census": {
                  Row: {
                    "actual_setlists": number,"artists": number,"artists_with_fresh_catalog": number,"artists_without_songs": number,"count_ms": number,"counted_at": string,"id": boolean,"last_tour_sync_at": string | null,"past_shows": number,"past_without_actual": number,"predicted_setlists": number,"setlist_refresh": NonNullable<Json>,"shows": number,"shows_without_venue": number,"songs": number,"upcoming_seen_by_last_tour_sync": number,"upcoming_shows": number,"upcoming_without_prediction": number,"venues": number,"venues_with_timezone": number,"votes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "actual_setlists": number,"artists": number,"artists_with_fresh_catalog": number,"artists_without_songs": number,"count_ms": number,"counted_at": string,"id"?: boolean,"last_tour_sync_at"?: string | null,"past_shows": number,"past_without_actual": number,"predicted_setlists": number,"setlist_refresh": NonNullable<Json>,"shows": number,"shows_without_venue": number,"songs": number,"upcoming_seen_by_last_tour_sync": number,"upcoming_shows": number,"upcoming_without_prediction": number,"venues": number,"venues_with_timezone": number,"votes": number
                  }
                  Update: {
                    "actual_setlists"?: number,"artists"?: number,"artists_with_fresh_catalog"?: number,"artists_without_songs"?: number,"count_ms"?: number,"counted_at"?: string,"id"?: boolean,"last_tour_sync_at"?: string | null,"past_shows"?: number,"past_without_actual"?: number,"predicted_setlists"?: number,"setlist_refresh"?: NonNullable<Json>,"shows"?: number,"shows_without_venue"?: number,"songs"?: number,"upcoming_seen_by_last_tour_sync"?: number,"upcoming_shows"?: number,"upcoming_without_prediction"?: number,"venues"?: number,"venues_with_timezone"?: number,"votes"?: number
                  }
                  Relationships: [
                    
                  ]
                },"sync_health_history": {
                  Row: {
                    "coverage": number | null,"day": string,"recorded_at": string,"samples": number,"scores": NonNullable<Json>,"state": string,"worst_state": string
                  }
                  ComputedFields: never
                  Insert: {
                    "coverage"?: number | null,"day": string,"recorded_at"?: string,"samples"?: number,"scores"?: NonNullable<Json>,"state": string,"worst_state": string
                  }
                  Update: {
                    "coverage"?: number | null,"day"?: string,"recorded_at"?: string,"samples"?: number,"scores"?: NonNullable<Json>,"state"?: string,"worst_state"?: string
                  }
                  Relationships: [
                    
                  ]
                },"sync_run_events": {
                  Row: {
                    "at": string,"event": string,"fields": NonNullable<Json>,"id": number,"level": string,"run_id": number
                  }
                  ComputedFields: never
                  Insert: {
                    "at"?: string,"event": string,"fields"?: NonNullable<Json>,"id"?: never,"level": string,"run_id": number
                  }
                  Update: {
                    "at"?: string,"event"?: string,"fields"?: NonNullable<Json>,"id"?: never,"level"?: string,"run_id"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "sync_run_events_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "sync_runs"
      referencedColumns: ["id"]
    }
                  ]
                },"sync_runs": {
                  Row: {
                    "api_calls": number,"error": string | null,"finished_at": string | null,"id": number,"items_failed": number,"items_seen": number,"items_written": number,"job": string,"must_end_by": string | null,"started_at": string,"stats": NonNullable<Json>,"status": string,"trigger": string
                  }
                  ComputedFields: never
                  Insert: {
                    "api_calls"?: number,"error"?: string | null,"finished_at"?: string | null,"id"?: never,"items_failed"?: number,"items_seen"?: number,"items_written"?: number,"job": string,"must_end_by"?: string | null,"started_at"?: string,"stats"?: NonNullable<Json>,"status"?: string,"trigger"?: string
                  }
                  Update: {
                    "api_calls"?: number,"error"?: string | null,"finished_at"?: string | null,"id"?: never,"items_failed"?: number,"items_seen"?: number,"items_written"?: number,"job"?: string,"must_end_by"?: string | null,"started_at"?: string,"stats"?: NonNullable<Json>,"status"?: string,"trigger"?: string
                  }
                  Relationships: [
                    
                  ]
                },"upcoming_market_cities": {
                  Row: {
                    "city": string,"city_key": string,"country": string,"latitude_shows": number | null,"latitude_sum": number | null,"longitude_shows": number | null,"longitude_sum": number | null,"shows": number,"state": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "city": string,"city_key": string,"country": string,"latitude_shows"?: number | null,"latitude_sum"?: number | null,"longitude_shows"?: number | null,"longitude_sum"?: number | null,"shows": number,"state"?: string | null
                  }
                  Update: {
                    "city"?: string,"city_key"?: string,"country"?: string,"latitude_shows"?: number | null,"latitude_sum"?: number | null,"longitude_shows"?: number | null,"longitude_sum"?: number | null,"shows"?: number,"state"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"upcoming_market_list": {
                  Row: {
                    "counted_at": string,"id": boolean,"listing_version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "counted_at": string,"id"?: boolean,"listing_version": number
                  }
                  Update: {
                    "counted_at"?: string,"id"?: boolean,"listing_version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"venue_song_plays": {
                  Row: {
                    "plays": number,"song_id": string,"venue_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "plays": number,"song_id": string,"venue_id": string
                  }
                  Update: {
                    "plays"?: number,"song_id"?: string,"venue_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "venue_song_plays_song_id_fkey"
      columns: ["song_id"]
isOneToOne: false
      referencedRelation: "songs"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "venue_song_plays_venue_id_fkey"
      columns: ["venue_id"]
isOneToOne: false
      referencedRelation: "venues"
      referencedColumns: ["id"]
    }
                  ]
                },"venues": {
                  Row: {
                    "city": string | null,"city_key": string | null,"country": string | null,"created_at": string,"id": string,"latitude": number | null,"longitude": number | null,"match_key": string | null,"name": string,"postal_code": string | null,"setlistfm_id": string | null,"slug": string,"state": string | null,"street_address": string | null,"ticketmaster_id": string | null,"timezone": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "city"?: string | null,"city_key"?: never,"country"?: string | null,"created_at"?: string,"id"?: string,"latitude"?: number | null,"longitude"?: number | null,"match_key"?: never,"name": string,"postal_code"?: string | null,"setlistfm_id"?: string | null,"slug": string,"state"?: string | null,"street_address"?: string | null,"ticketmaster_id"?: string | null,"timezone"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "city"?: string | null,"city_key"?: never,"country"?: string | null,"created_at"?: string,"id"?: string,"latitude"?: number | null,"longitude"?: number | null,"match_key"?: never,"name"?: string,"postal_code"?: string | null,"setlistfm_id"?: string | null,"slug"?: string,"state"?: string | null,"street_address"?: string | null,"ticketmaster_id"?: string | null,"timezone"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"vote_action_counts": {
                  Row: {
                    "actions_today": number,"actions_total": number,"day": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actions_today": number,"actions_total": number,"day": string,"user_id": string
                  }
                  Update: {
                    "actions_today"?: number,"actions_total"?: number,"day"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"votes": {
                  Row: {
                    "created_at": string,"setlist_song_id": string,"show_id": string,"updated_at": string,"user_id": string,"value": number
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"setlist_song_id": string,"show_id": string,"updated_at"?: string,"user_id": string,"value": number
                  }
                  Update: {
                    "created_at"?: string,"setlist_song_id"?: string,"show_id"?: string,"updated_at"?: string,"user_id"?: string,"value"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "votes_setlist_song_id_fkey"
      columns: ["setlist_song_id"]
isOneToOne: false
      referencedRelation: "setlist_songs"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "prediction_accuracy": {
                  Row: {
                    "artist_id": string,"crowd_f1": number | null,"crowd_matched": number | null,"crowd_songs": number | null,"crowd_votes": number | null,"engine_f1": number | null,"engine_matched": number | null,"engine_songs": number | null,"played_on": string | null,"played_songs": number,"show_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "prediction_scores_show_id_fkey"
      columns: ["show_id"]
isOneToOne: true
      referencedRelation: "shows"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prediction_scores_show_id_fkey"
      columns: ["show_id"]
isOneToOne: true
      referencedRelation: "trending_shows"
      referencedColumns: ["show_id"]
    },{
      foreignKeyName: "shows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"song_play_stats": {
                  Row: {
                    "artist_id": string,"last_played_on": string | null,"played_in_last_10": number | null,"played_in_last_25": number | null,"share_last_10": number | null,"share_last_25": number | null,"shows_with_setlist": number | null,"song_id": string | null,"times_played": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "setlist_songs_song_id_fkey"
      columns: ["song_id"]
isOneToOne: false
      referencedRelation: "songs"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"trending_artists": {
                  Row: {
                    "artist_id": string,"image_url": string | null,"name": string,"next_show_at": string | null,"rank": number | null,"score": number | null,"show_voters": number | null,"slug": string,"upcoming_shows": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "shows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    }
                  ]
                },"trending_shows": {
                  Row: {
                    "artist_id": string,"artist_image_url": string | null,"artist_name": string,"artist_slug": string,"follow_heat": number | null,"local_date": string | null,"name": string,"rank": number | null,"recent_views": number | null,"recent_votes": number | null,"score": number | null,"show_id": string,"starts_at": string | null,"unique_voters": number | null,"venue_city": string | null,"venue_country": string | null,"venue_id": string | null,"venue_name": string | null,"view_heat": number | null,"vote_heat": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "shows_artist_id_fkey"
      columns: ["artist_id"]
isOneToOne: false
      referencedRelation: "artists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shows_venue_id_fkey"
      columns: ["venue_id"]
isOneToOne: false
      referencedRelation: "venues"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Functions: {
            "admin_cancel_import":
{ Args: { "job_id": number }; Returns: Json
                           },
"admin_cron_jobs":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"admin_import_job":
{ Args: { "done": string,"hint": string,"job_id": number,"refusal": string,"wanted_status": string }; Returns: {
              "artist_id": string | null,
"attempts": number,
"created_at": string,
"dedupe_key": string,
"finished_at": string | null,
"id": number,
"kind": string,
"last_error": string | null,
"locked_at": string | null,
"max_attempts": number,
"payload": NonNullable<Json>,
"progress": NonNullable<Json>,
"requested_by": string | null,
"run_after": string,
"status": string,
"updated_at": string
            }
                          SetofOptions: {
        from: "*"
        to: "import_jobs"
        isOneToOne: true
        isSetofReturn: false
      } },
"admin_import_jobs":
{ Args: { "max_rows"?: number,"status"?: string }; Returns: Json
                           },
"admin_page_size":
{ Args: { "max_rows": number }; Returns: number
                           },
"admin_provider_status":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"admin_rebuild_prediction":
{ Args: { "show_id": string }; Returns: Json
                           },
"admin_refresh_trending":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"admin_rescore_show":
{ Args: { "show_id": string }; Returns: Json
                           },
"admin_retry_import":
{ Args: { "job_id": number }; Returns: Json
                           },
"admin_run_sync":
{ Args: { "artist_id"?: string,"dry_run"?: boolean,"job": string,"sync_limit"?: number }; Returns: Json
                           },
"admin_sync_health":
{ Args: { "hours"?: number }; Returns: Json
                           },
"admin_sync_run":
{ Args: { "run_id": number }; Returns: Json
                           },
"admin_sync_runs":
{ Args: { "job"?: string,"max_rows"?: number,"since"?: string,"status"?: string,"until"?: string }; Returns: Json
                           },
"append_sync_run_events":
{ Args: { "events": Json,"run_id": number }; Returns: number
                           },
"artist_leaderboard":
{ Args: { "artist_id": string,"page"?: number,"page_size"?: number }; Returns: {
              "handle": string,"home_city": string,"is_me": boolean,"points": number,"rank": number,"shows": number
            }[]
                           },
"artist_show_years":
{ Args: { "artist_id": string }; Returns: {
              "shows": number,"year": number
            }[]
                           },
"artist_tours":
{ Args: { "artist_id": string }; Returns: {
              "first_date": string,"last_date": string,"shows": number,"tour_name": string,"tour_slug": string
            }[]
                           },
"assert_admin":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"award_show_points":
{ Args: { "show_id": string }; Returns: number
                           },
"cast_vote":
{ Args: { "setlist_song_id": string,"value": number }; Returns: Json
                           },
"catalog_sync_due":
{ Args: { "p_artist_id": string }; Returns: boolean
                           },
"check_leaderboard_page":
{ Args: { "page": number,"page_size": number }; Returns: undefined
                           },
"city_timezone":
{ Args: { "city": string,"country": string }; Returns: string
                           },
"claim_import_jobs":
{ Args: { "kind": string,"max_jobs": number }; Returns: {
              "artist_id": string | null,
"attempts": number,
"created_at": string,
"dedupe_key": string,
"finished_at": string | null,
"id": number,
"kind": string,
"last_error": string | null,
"locked_at": string | null,
"max_attempts": number,
"payload": NonNullable<Json>,
"progress": NonNullable<Json>,
"requested_by": string | null,
"run_after": string,
"status": string,
"updated_at": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "import_jobs"
        isOneToOne: false
        isSetofReturn: true
      } },
"close_killed_sync_runs":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"collapse_spotify_tracks":
{ Args: { "tracks": Json }; Returns: {
              "album": string,"album_spotify_id": string,"duration_ms": number,"is_live": boolean,"is_remix": boolean,"normalized_title": string,"release_date": string,"spotify_id": string,"title": string
            }[]
                           },
"collapse_title_words":
{ Args: { "apostrophes": string,"input": string,"punctuation": string }; Returns: string
                           },
"complete_import_job":
{ Args: { "job_id": number,"progress"?: Json }; Returns: undefined
                           },
"consume_api_budget":
{ Args: { "daily_limit": number,"key_id"?: string,"provider": string }; Returns: boolean
                           },
"count_upcoming_per_city":
{ Args: Record<PropertyKey, never>; Returns: {
              "city": string,"city_key": string,"country": string,"latitude_shows": number,"latitude_sum": number,"longitude_shows": number,"longitude_sum": number,"shows": number,"state": string
            }[]
                           },
"count_venue_song_plays":
{ Args: { "venue_ids": (string)[] }; Returns: {
              "plays": number,"song_id": string,"venue_id": string
            }[]
                           },
"distance_km":
{ Args: { "lat1": number,"lat2": number,"lon1": number,"lon2": number }; Returns: number
                           },
"enqueue_import":
{ Args: { "artist_id"?: string,"dedupe_key": string,"kind": string,"payload": Json }; Returns: number
                           },
"ensure_predicted_setlist":
{ Args: { "show_id": string }; Returns: string
                           },
"ensure_upcoming_predictions":
{ Args: { "max_shows"?: number }; Returns: number
                           },
"fail_import_job":
{ Args: { "error": string,"job_id": number }; Returns: undefined
                           },
"fold_text":
{ Args: { "input": string }; Returns: string
                           },
"follow_artist":
{ Args: { "artist_id": string }; Returns: Json
                           },
"global_leaderboard":
{ Args: { "page"?: number,"page_size"?: number }; Returns: {
              "handle": string,"home_city": string,"is_me": boolean,"points": number,"rank": number,"shows": number
            }[]
                           },
"great_circle_km":
{ Args: { "latitude_a": number,"latitude_b": number,"longitude_a": number,"longitude_b": number }; Returns: number
                           },
"habits_of":
{ Args: { "encore_songs_per_show": (number)[],"songs_per_show": (number)[] }; Returns: {
              "encore_length": number,"encore_share": number,"set_length": number,"shows": number
            }[]
                           },
"handle_refusal":
{ Args: { "handle": string }; Returns: string
                           },
"health_state_rank":
{ Args: { "state": string }; Returns: number
                           },
"import_job_is_due":
{ Args: { "locked_at": string,"run_after": string,"status": string }; Returns: boolean
                           },
"import_job_status":
{ Args: { "job_id": number }; Returns: Json
                           },
"import_queue_due":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"invoke_sync_function":
{ Args: { "body"?: Json,"slug": string }; Returns: number
                           },
"is_admin":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"leaderboard_page":
{ Args: { "above_top": number,"entries": (Database["public"]['CompositeTypes']["leaderboard_entry"])[],"page_offset": number }; Returns: {
              "handle": string,"home_city": string,"is_me": boolean,"points": number,"rank": number,"shows": number
            }[]
                           },
"leaderboard_rank":
{ Args: { "above_top": number,"page_offset": number,"points": number,"rank_in_page": number,"top_points": number }; Returns: number
                           },
"link_venue_twins":
{ Args: { "incoming": Json,"provider": string }; Returns: number
                           },
"lock_venue_song_plays":
{ Args: { "shared"?: boolean,"venue_ids": (string)[] }; Returns: undefined
                           },
"log_cron_run":
{ Args: { "details": Json,"duration_ms": number,"job_name": string,"status": string }; Returns: number
                           },
"mark_all_notifications_read":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"mark_notification_read":
{ Args: { "notification_id": number }; Returns: {
              "created_at": string,
"delivered_at": string | null,
"delivery_status": string,
"event_key": string,
"id": number,
"kind": string,
"payload": NonNullable<Json>,
"read_at": string | null,
"user_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "notifications"
        isOneToOne: true
        isSetofReturn: false
      } },
"merge_duplicate_songs":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"merge_venue_twins":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"my_followed_artists":
{ Args: Record<PropertyKey, never>; Returns: {
              "created_at": string,
"genres": (string)[],
"id": string,
"image_url": string | null,
"mbid": string | null,
"name": string,
"setlists_synced_at": string | null,
"shows_synced_at": string | null,
"slug": string,
"songs_synced_at": string | null,
"spotify_id": string | null,
"synthetic": boolean,
"ticketmaster_id": string | null,
"updated_at": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "artists"
        isOneToOne: false
        isSetofReturn: true
      } },
"my_theset":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"normalize_song_title":
{ Args: { "title": string }; Returns: string
                           },
"parse_song_title":
{ Args: { "title": string }; Returns: Record<string, unknown>
                           },
"points_for_calls":
{ Args: { "downvotes_unplayed": number,"guest": boolean,"suggestions_played": number,"upvotes_played": number }; Returns: number
                           },
"predict_setlist":
{ Args: { "p_artist_id": string,"p_as_of": string,"p_show_date"?: string,"p_venue_id"?: string }; Returns: {
              "is_encore": boolean,"likelihood": string,"predicted_position": number,"probability": number,"reasons": Json,"song_id": string,"title": string
            }[]
                           },
"prediction_candidates":
{ Args: { "p_artist_id": string,"p_as_of": string,"p_history": (Database["public"]['CompositeTypes']["prediction_show_song"])[],"p_show_date": string,"p_venue_id": string }; Returns: Database["public"]['CompositeTypes']["prediction_candidate"][]
                          SetofOptions: {
        from: "*"
        to: "prediction_candidate"
        isOneToOne: false
        isSetofReturn: true
      } },
"prediction_history":
{ Args: { "p_artist_id": string,"p_as_of_date": string }; Returns: {
              "city": string,"country": string,"first_position": number,"idx": number,"in_encore": boolean,"local_date": string,"main_place": number,"run_id": number,"shows_known": number,"song_id": string
            }[]
                           },
"prediction_likelihood":
{ Args: { "probability": number }; Returns: string
                           },
"prediction_running_order":
{ Args: { "p_candidates": (Database["public"]['CompositeTypes']["prediction_candidate"])[],"p_history": (Database["public"]['CompositeTypes']["prediction_show_song"])[] }; Returns: {
              "closed": number,"encored": number,"is_closer": boolean,"is_encore": boolean,"is_opener": boolean,"opened": number,"plays": number,"predicted_position": number,"song_id": string
            }[]
                           },
"protect_fan_rows":
{ Args: { "fan_table": unknown,"policy_name": string }; Returns: undefined
                           },
"protect_rows":
{ Args: { "readers": string,"service_role_may"?: string,"target": unknown }; Returns: undefined
                           },
"prune_api_cache":
{ Args: { "keep_expired"?: string }; Returns: number
                           },
"prune_caller_quotas":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"prune_notifications":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"prune_operations":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"public_profile":
{ Args: { "handle": string }; Returns: Json
                           },
"record_admin_action":
{ Args: { "action": string,"args": Json,"result": Json }; Returns: undefined
                           },
"record_sync_health":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"record_view":
{ Args: { "show_id": string }; Returns: undefined
                           },
"recount_venue_song_plays":
{ Args: { "song_ids": (string)[],"venue_ids": (string)[] }; Returns: undefined
                           },
"recount_venue_song_plays_of_venues":
{ Args: { "venue_ids": (string)[] }; Returns: undefined
                           },
"refresh_predictions":
{ Args: { "p_artist_id": string }; Returns: number
                           },
"refresh_sync_health_census":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"refresh_trending":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"refresh_upcoming_markets":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"refuse":
{ Args: { "code": string,"detail": string,"hint"?: string }; Returns: undefined
                           },
"report_import_progress":
{ Args: { "job_id": number,"progress": Json }; Returns: undefined
                           },
"request_artist_import":
{ Args: { "artist_id": string,"caller_key": string,"dedupe_key": string,"max_pending": number,"payload": Json }; Returns: number
                           },
"request_client_address":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"require_artist":
{ Args: { "artist_id": string }; Returns: undefined
                           },
"require_between":
{ Args: { "detail_format": string,"high": number,"hint": string,"low": number,"null_allowed"?: boolean,"refusal": string,"value": number }; Returns: undefined
                           },
"require_fan":
{ Args: { "detail": string,"hint"?: string }; Returns: string
                           },
"require_one_of":
{ Args: { "allowed": (string)[],"null_allowed"?: boolean,"refusal": string,"value": string,"what": string }; Returns: undefined
                           },
"require_open_show":
{ Args: { "cancelled_detail": string,"closed_detail": string,"closed_hint": string,"status": Database["public"]['Enums']["show_status"],"voting_closes_at": string }; Returns: undefined
                           },
"require_search_query":
{ Args: { "needle": string }; Returns: undefined
                           },
"require_show":
{ Args: { "show_id": string }; Returns: {
              "artist_id": string,
"created_at": string,
"date_tba": boolean,
"id": string,
"last_seen_at": string | null,
"local_date": string | null,
"name": string,
"setlistfm_id": string | null,
"starts_at": string | null,
"status": Database["public"]['Enums']["show_status"],
"ticket_url": string | null,
"ticketmaster_id": string | null,
"time_tba": boolean,
"tour_name": string | null,
"tour_slug": string | null,
"updated_at": string,
"venue_id": string | null,
"voting_closes_at": string | null
            }
                          SetofOptions: {
        from: "*"
        to: "shows"
        isOneToOne: true
        isSetofReturn: false
      } },
"running_import_job":
{ Args: { "job_id": number }; Returns: {
              "artist_id": string | null,
"attempts": number,
"created_at": string,
"dedupe_key": string,
"finished_at": string | null,
"id": number,
"kind": string,
"last_error": string | null,
"locked_at": string | null,
"max_attempts": number,
"payload": NonNullable<Json>,
"progress": NonNullable<Json>,
"requested_by": string | null,
"run_after": string,
"status": string,
"updated_at": string
            }
                          SetofOptions: {
        from: "*"
        to: "import_jobs"
        isOneToOne: true
        isSetofReturn: false
      } },
"score_crowd_vs_model":
{ Args: { "actual_id": string,"predicted_id": string,"show_id": string }; Returns: {
              "actual_setlist_id": string,
"crowd_f1": number | null,
"crowd_matched": number | null,
"crowd_songs": number | null,
"crowd_votes": number | null,
"engine_f1": number | null,
"engine_matched": number | null,
"engine_songs": number | null,
"matched_songs": number,
"matches": NonNullable<Json>,
"played_songs": number,
"position_agreement": number,
"precision": number,
"predicted_setlist_id": string,
"predicted_songs": number,
"recall": number,
"score": number,
"scored_at": string,
"show_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "prediction_scores"
        isOneToOne: true
        isSetofReturn: false
      } },
"score_prediction":
{ Args: { "show_id": string }; Returns: Json
                           },
"search_catalog":
{ Args: { "query": string }; Returns: Json
                           },
"search_places":
{ Args: { "max_results"?: number,"query": string }; Returns: {
              "city": string,"country": string,"kind": string,"latitude": number,"longitude": number,"name": string,"similarity": number,"slug": string,"state": string
            }[]
                           },
"set_profile":
{ Args: { "handle": string,"home_city": string,"home_latitude"?: number,"home_longitude"?: number }; Returns: Json
                           },
"setlist_refresh_candidates":
{ Args: Record<PropertyKey, never>; Returns: {
              "artist_id": string,"due": boolean,"followers": number,"has_mbid": boolean,"setlists_synced_at": string,"tier": string,"tier_rank": number,"views_30d": number
            }[]
                           },
"setlist_refresh_queue":
{ Args: { "max_artists": number }; Returns: {
              "id": string,"mbid": string,"name": string,"spotify_id": string,"ticketmaster_id": string,"tier": string
            }[]
                           },
"setlist_refresh_status":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"show_habits":
{ Args: { "p_artist_id": string,"p_as_of": string }; Returns: {
              "encore_length": number,"encore_share": number,"set_length": number,"shows": number
            }[]
                           },
"show_has_started":
{ Args: { "status": Database["public"]['Enums']["show_status"],"voting_closes_at": string }; Returns: boolean
                           },
"show_last_seen_refresh":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"show_leaderboard":
{ Args: { "page"?: number,"page_size"?: number,"show_id": string }; Returns: {
              "handle": string,"home_city": string,"is_me": boolean,"points": number,"rank": number,"shows": number
            }[]
                           },
"show_notification_payload":
{ Args: { "show_id": string }; Returns: Json
                           },
"show_voting_closes_at":
{ Args: { "date_tba": boolean,"local_date": string,"starts_at": string,"time_tba": boolean,"venue_timezone": string }; Returns: string
                           },
"shows_listing_version":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"shows_near":
{ Args: { "city"?: string,"country"?: string,"from_date"?: string,"latitude"?: number,"longitude"?: number,"page_offset"?: number,"page_size"?: number,"radius_km"?: number,"to_date"?: string }; Returns: Json
                           },
"slugify":
{ Args: { "input": string }; Returns: string
                           },
"song_page":
{ Args: { "artist_slug": string,"song_slug": string }; Returns: Json
                           },
"song_slug":
{ Args: { "normalized_title": string }; Returns: string
                           },
"song_version_word":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"suggest_song":
{ Args: { "show_id": string,"song_id": string }; Returns: {
              "cover_artist": string | null,
"created_at": string,
"downvotes": number,
"guest_artist": string | null,
"id": string,
"info": string | null,
"is_cover": boolean,
"is_encore": boolean,
"is_tape": boolean,
"likelihood": string | null,
"position": number,
"probability": number | null,
"reasons": Json | null,
"set_number": number,
"setlist_id": string,
"song_id": string | null,
"suggested": boolean,
"suggested_by": string | null,
"title": string,
"upvotes": number
            }
                          SetofOptions: {
        from: "*"
        to: "setlist_songs"
        isOneToOne: true
        isSetofReturn: false
      } },
"sync_health":
{ Args: { "hours"?: number,"with_setlist_refresh"?: boolean }; Returns: Json
                           },
"sync_health_activity":
{ Args: { "window_start": string }; Returns: Json
                           },
"sync_health_census_max_age":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"sync_health_history":
{ Args: { "days"?: number }; Returns: Json
                           },
"sync_health_scores":
{ Args: { "artists": number,"artists_without_songs": number,"failed_runs": number,"last_trending_refresh": string,"past_shows": number,"past_without_actual": number,"runs": number,"venues": number,"venues_with_timezone": number }; Returns: Json
                           },
"sync_health_share":
{ Args: { "good_from": number,"part": number,"warning_from": number,"whole": number }; Returns: Json
                           },
"sync_health_summary":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"sync_health_verdict":
{ Args: { "activity": Json,"artist_count": number,"counted_at": string,"freshness": Json,"gaps": Json,"hours": number,"past_count": number,"scores": Json,"show_count": number,"upcoming_count": number }; Returns: Json
                           },
"take_caller_quota":
{ Args: { "caller_key": string,"max_calls": (number)[],"scope": string,"window_seconds": (number)[] }; Returns: number
                           },
"tour_page":
{ Args: { "artist_slug": string,"tour_slug": string }; Returns: Json
                           },
"unfollow_artist":
{ Args: { "artist_id": string }; Returns: Json
                           },
"unread_notification_count":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"upcoming_markets":
{ Args: Record<PropertyKey, never>; Returns: {
              "city": string,"country": string,"latitude": number,"longitude": number,"shows": number,"state": string
            }[]
                           },
"upcoming_shows_named":
{ Args: { "needle": string,"pattern": string }; Returns: (string)[]
                           },
"venue_match_key":
{ Args: { "city": string,"country": string,"name": string }; Returns: string
                           },
"venue_name_key":
{ Args: { "input": string }; Returns: string
                           },
"venue_page":
{ Args: { "past_limit"?: number,"past_offset"?: number,"venue_slug": string }; Returns: Json
                           },
"venues_may_be_one":
{ Args: { "lat1": number,"lat2": number,"lon1": number,"lon2": number }; Returns: boolean
                           },
"write_tour_artists":
{ Args: { "page_artists": Json }; Returns: Json
                           },
"write_tour_billing":
{ Args: { "page_shows": Json }; Returns: Json
                           },
"write_tour_page":
{ Args: { "page": Json }; Returns: Json
                           },
"write_tour_shows":
{ Args: { "page_shows": Json }; Returns: Json
                           },
"write_tour_venues":
{ Args: { "page_venues": Json }; Returns: Json
                           }
          }
          Enums: {
            "setlist_kind": "predicted"|"actual","show_status": "scheduled"|"cancelled"|"postponed"|"rescheduled"|"completed"
          }
          CompositeTypes: {
            "leaderboard_entry": {
                        "user_id": string | null,"points": number | null,"shows": number | null
                      },"prediction_candidate": {
                        "song_id": string | null,"plays_in_window": number | null,"window_shows": number | null,"gap": number | null,"played_this_run": boolean | null,"last_played_on": string | null,"probability": number | null,"new_release": boolean | null,"released_on": string | null
                      },"prediction_show_song": {
                        "idx": number | null,"run_id": number | null,"local_date": string | null,"city": string | null,"country": string | null,"shows_known": number | null,"song_id": string | null,"first_position": number | null,"in_encore": boolean | null,"main_place": number | null
                      }
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "setlist_kind": ["predicted", "actual"],"show_status": ["scheduled", "cancelled", "postponed", "rescheduled", "completed"]
          }
        }
} as const
