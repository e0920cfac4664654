// /admin: the operators' console. Its code is a chunk of its own that this
// gate loads only for a session whose token carries app_metadata.role =
// 'admin', so a fan's browser never downloads it. The gate is for display
// only: every admin RPC checks the claim again in SQL.

import { lazy, Suspense } from "react";
import { Link } from "react-router-dom";
import { useSession } from "../data/auth.tsx";
import type { User } from "@supabase/supabase-js";
import { Skeleton } from "../components/States.tsx";
import { usePageTitle } from "./Layout.tsx";

/** Whether to show the console: the claim the database checks, read from the session for display only. */
export function isAdminUser(user: User | null | undefined): boolean {
  return user?.app_metadata?.role === "admin";
}

const AdminPage = lazy(() => import("../pages/AdminPage.tsx"));

export function AdminRoute() {
  const { ready, user } = useSession();
  if (!ready) return <Skeleton lines={4} label="Checking your account" />;
  if (!isAdminUser(user)) return <OperatorsOnly signedIn={Boolean(user) && !user?.is_anonymous} />;
  return (
    <Suspense fallback={<Skeleton lines={8} label="Loading the console" />}>
      <AdminPage />
    </Suspense>
  );
}

function OperatorsOnly({ signedIn }: { signedIn: boolean }) {
  usePageTitle("Operators only");
  return (
    <div className="page">
      <h1>Operators only</h1>
      <p>
        This console is for the people who run TheSet. {signedIn ? "Your account is not an admin account." : (
          <>
            Sign in with an admin account on the <Link to="/account">account page</Link>.
          </>
        )}
      </p>
    </div>
  );
}
