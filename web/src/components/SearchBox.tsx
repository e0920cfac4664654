// The search field on the home page: submitting opens the search page.

import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";

export function SearchBox() {
  const navigate = useNavigate();
  const [text, setText] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  }
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="home-search" className="visually-hidden">Search artists and shows</label>
      <input
        id="home-search"
        type="search"
        placeholder="Search an artist or a show"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button-primary">Search</button>
    </form>
  );
}
