// The bell in the header: the signed-in fan's unread count, kept live by the
// private topic user:<user id>; it opens the notifications page (its own
// chunk). A new notification is also read out by a polite live region.

import { NavLink } from "react-router-dom";
import { useSession } from "../data/auth.tsx";
import { describeNotification, useLiveNotifications, useUnreadCountQuery } from "../data/notifications.ts";

export function NotificationBell() {
  const { user } = useSession();
  const unread = useUnreadCountQuery();
  const { latest, live } = useLiveNotifications();
  if (!user) return null;
  const count = unread.data ?? 0;
  const label = count === 0 ? "Notifications" : `Notifications, ${count} unread`;
  return (
    <>
      <NavLink to="/notifications" className="nav-link nav-bell" aria-label={label} data-live={live}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="bell-icon">
          <path
            d="M12 2a6 6 0 0 0-6 6v3.6L4.3 15a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3Z"
            fill="currentColor"
          />
        </svg>
        {count > 0 ? <span className="bell-count" data-testid="unread-count">{count > 99 ? "99+" : count}</span> : null}
      </NavLink>
      <span className="visually-hidden" role="status" aria-live="polite">
        {latest ? describeNotification(latest) : ""}
      </span>
    </>
  );
}
