// The frame around every page: a skip link, the header with navigation and
// the fan's account state, and <main>, which takes focus on navigation so a
// screen reader starts reading the new page.

import { type ReactNode, useEffect, useRef } from "react";
import { Link, NavLink, useLocation } from "react-router-dom";
import { useSession } from "../data/auth.tsx";

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
          <NavLink to="/status" className="nav-link">Status</NavLink>
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
