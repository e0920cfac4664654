import { Link } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { EmptyState } from "../components/States.tsx";

export default function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <div className="page">
      <h1>Page not found</h1>
      <EmptyState title="There's nothing at this address.">
        <Link to="/">Go to the home page</Link>
      </EmptyState>
    </div>
  );
}
