// An import in progress: the job's stage and counts as it runs, and the
// artist's page filling in underneath as shows and songs land.

import { useEffect, useRef } from "react";
import { Link, useParams } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { usePageTitle } from "../app/Layout.tsx";
import { ArtistHeader, ArtistView } from "../components/ArtistView.tsx";
import { ErrorState, Skeleton } from "../components/States.tsx";
import { invalidateArtist, useArtistByIdQuery } from "../data/artists.ts";
import { FINISHED, type ImportJob, useImportJobQuery } from "../data/imports.ts";

const STAGES = ["queued", "shows", "catalog", "setlists", "done"] as const;

export function importStep(job: ImportJob): number {
  if (job.status === "done") return STAGES.length - 1;
  if (job.status === "queued") return 0;
  const index = STAGES.indexOf((job.progress.stage ?? "shows") as (typeof STAGES)[number]);
  return index < 0 ? 1 : index;
}

function ImportProgressPanel({ job, artistSlug }: { job: ImportJob; artistSlug: string | null }) {
  const failed = job.status === "dead";
  const counts = [
    job.progress.shows !== null ? `${job.progress.shows} shows` : null,
    job.progress.songs !== null ? `${job.progress.songs} songs` : null,
    job.progress.setlists !== null ? `${job.progress.setlists} setlists` : null,
  ].filter(Boolean).join(", ");
  const label = failed
    ? "Import failed for good"
    : job.status === "done"
    ? "Import finished"
    : job.status === "queued"
    ? "Waiting for the importer"
    : `Importing ${job.progress.stage ?? ""}`.trim();
  return (
    <section className={`import-panel${failed ? " import-failed" : ""}`} aria-labelledby="import-title">
      <h2 id="import-title">{label}</h2>
      <progress max={STAGES.length - 1} value={importStep(job)} aria-label="Import progress" />
      <p role="status" aria-live="polite">{counts || "Nothing imported yet"}</p>
      {failed && job.attempts ? <p className="card-meta">Tried {job.attempts} times.</p> : null}
      {job.status === "done" && artistSlug ? <Link to={`/artists/${artistSlug}`}>Open the artist page</Link> : null}
    </section>
  );
}

export default function ImportPage() {
  const { jobId = "" } = useParams();
  const queryClient = useQueryClient();
  const job = useImportJobQuery(jobId);
  const running = job.data ? !FINISHED.has(job.data.status) : true;
  const artistId = job.data?.artist_id ?? null;
  const artist = useArtistByIdQuery(artistId);
  // The artist view polls while the job runs and stops when it finishes, so rows
  // written since its last poll would never show: read the artist once more then.
  // (Only after the job was seen running: a finished job's page fetches fresh anyway.)
  const sawRunning = useRef(false);
  useEffect(() => {
    if (!job.data) return;
    if (running) {
      sawRunning.current = true;
    } else if (sawRunning.current && artistId) {
      sawRunning.current = false;
      void invalidateArtist(queryClient, artistId);
    }
  }, [job.data, running, artistId, queryClient]);
  usePageTitle(artist.data ? `Importing ${artist.data.name}` : "Import");

  if (job.isPending) return <Skeleton lines={4} label="Loading import" />;
  if (job.isError) {
    return (
      <div className="page import-page">
        <h1>Import</h1>
        <ErrorState error={job.error} onRetry={() => job.refetch()} />
      </div>
    );
  }
  return (
    <div className="page import-page">
      {artist.data ? <ArtistHeader artist={artist.data} /> : <h1>Importing an artist</h1>}
      <ImportProgressPanel job={job.data} artistSlug={artist.data?.slug ?? null} />
      {artist.data ? <ArtistView artist={artist.data} refetchInterval={running ? 2_000 : false} /> : null}
    </div>
  );
}
