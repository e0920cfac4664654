// The notification centre: the fan's notifications, newest first, each with a
// link to its show and "Mark read"; "Mark all read" at the top. New ones
// arrive live (the bell's subscription patches this list).

import { Link } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { FanOnly, type VisitorNote } from "../components/FanOnly.tsx";
import { describeNotification, type FanNotification, useNotificationsQuery } from "../data/notifications.ts";
import { useMarkRead } from "../data/notificationActions.ts";

function When({ at }: { at: string }) {
  const date = new Date(at);
  return <time dateTime={at}>{date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</time>;
}

function NotificationItem({ notification, onRead, busy }: {
  notification: FanNotification;
  onRead: () => void;
  busy: boolean;
}) {
  const unread = notification.read_at === null;
  const showId = notification.payload.show_id;
  return (
    <li className={unread ? "notification unread" : "notification"}>
      <div>
        <p className="notification-text">
          {unread ? <span className="visually-hidden">Unread:</span> : null}
          {describeNotification(notification)}
        </p>
        <p className="card-meta">
          <When at={notification.created_at} />
          {showId
            ? (
              <>
                {" · "}
                <Link to={`/shows/${showId}`}>Open the show</Link>
              </>
            )
            : null}
        </p>
      </div>
      {unread
        ? (
          <button type="button" className="button button-small" onClick={onRead} disabled={busy}>
            Mark read
          </button>
        )
        : null}
    </li>
  );
}

const VISITOR: VisitorNote = {
  title: "Sign in to get notifications",
  body: (
    <>
      <Link to="/account">Sign in or create an account</Link>, then follow artists.
    </>
  ),
};

export default function NotificationsPage() {
  usePageTitle("Notifications");
  return (
    <FanOnly title="Notifications" lines={4} loading="Loading notifications" visitor={VISITOR} page={Notifications} />
  );
}

function Notifications() {
  const query = useNotificationsQuery();
  const markRead = useMarkRead();
  const unread = query.data?.filter((n) => n.read_at === null).length ?? 0;
  return (
    <div className="page narrow notifications-page">
      <div className="page-heading">
        <h1>Notifications</h1>
        <button
          type="button"
          className="button"
          disabled={unread === 0 || markRead.isPending}
          onClick={() => markRead.mutate(null)}
        >
          Mark all read
        </button>
      </div>
      {markRead.error ? <p className="form-error" role="alert">{markRead.error.message}</p> : null}
      {query.isPending
        ? <Skeleton lines={4} label="Loading notifications" />
        : query.isError
        ? <ErrorState error={query.error} onRetry={() => query.refetch()} />
        : query.data.length === 0
        ? (
          <EmptyState title="Nothing yet">
            Follow artists to hear when they announce a show near you, when predictions open, and how your picks scored.
          </EmptyState>
        )
        : (
          <ul className="notifications" aria-label={`${unread} unread`}>
            {query.data.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                busy={markRead.isPending}
                onRead={() => markRead.mutate(n.id)}
              />
            ))}
          </ul>
        )}
    </div>
  );
}
