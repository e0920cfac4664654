// The frame around every page: a skip link, the header with navigation and
// the fan's account state, and <main>, which takes focus on navigation so a
// screen reader starts reading the new page.

import { lazy, type ReactNode, Suspense, useEffect, useRef } from "react";
import { Link, NavLink, useLocation } from "react-router-dom";
import { useSession } from "../data/auth.tsx";
import "../components/fans.css";

const SITE_DESCRIPTION =
  "Predict the setlist of an upcoming concert, vote the songs up or down, and see what was played.";

/**
 * The page's title and its <meta name="description"> (what a shared link or a search result shows): the
 * page's own words when it gives them, else its title in the site's sentence.
 */
export function usePageTitle(title: string, description?: string) {
  useEffect(() => {
    document.title = title ? `${title} · TheSet` : "TheSet";
    const meta = document.querySelector<HTMLMetaElement>('meta[name="description"]');
    if (meta) meta.content = description ?? (title ? `${title} on TheSet. ${SITE_DESCRIPTION}` : SITE_DESCRIPTION);
  }, [title, description]);
}

function AccountLink() {
  const { ready, user, isGuest } = useSession();
  const label = !ready ? "Account" : !user ? "Sign in" : isGuest ? "Guest" : user.email ?? "Account";
  return (
    <NavLink to="/account" className="nav-link nav-account" aria-label={`Account: ${label}`}>
      {label}
    </NavLink>
  );
}

// the bell (unread count, live subscription, the query machinery) is its own
// chunk, loaded only for a signed-in fan: a first visit does not pay for it
const NotificationBell = lazy(() =>
  import("../components/NotificationBell.tsx").then((module) => ({ default: module.NotificationBell }))
);

function Bell() {
  const { user } = useSession();
  return user
    ? (
      <Suspense fallback={null}>
        <NotificationBell />
      </Suspense>
    )
    : null;
}

function MeLink() {
  const { user } = useSession();
  return user ? <NavLink to="/me" className="nav-link">My TheSet</NavLink> : null;
}

export function Layout({ children }: { children: ReactNode }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
    globalThis.scrollTo?.(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label="TheSet home">
          The<span>Set</span>
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end className="nav-link">Home</NavLink>
          <NavLink to="/search" className="nav-link">Search</NavLink>
          <NavLink to="/near" className="nav-link">Near you</NavLink>
          <NavLink to="/leaderboard" className="nav-link">Leaderboard</NavLink>
          <NavLink to="/status" className="nav-link">Status</NavLink>
          <MeLink />
          <Bell />
          <AccountLink />
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Setlists predicted by fans. Data from Ticketmaster, Spotify and setlist.fm.</p>
      </footer>
    </>
  );
}
