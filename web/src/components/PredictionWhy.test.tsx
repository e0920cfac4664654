// How a predicted song explains itself: the database's likelihood word with the
// probability, and the engine's reasons in words; a song the engine did not
// place (a fan's suggestion) says nothing of the kind.

import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { PredictionWhy } from "./PredictionWhy.tsx";

describe("PredictionWhy", () => {
  it("says how likely the song is and why, in words", () => {
    render(
      <PredictionWhy
        song={{
          probability: 0.375,
          likelihood: "possible",
          reasons: [
            { code: "played_recently", text: "Played at 8 of the last 25 shows" },
            { code: "last_played", text: "Last played 4 shows ago" },
          ],
        }}
      />,
    );
    expect(screen.getByText("possible · 38%")).toBeInTheDocument();
    expect(screen.getByText("Played at 8 of the last 25 shows · Last played 4 shows ago")).toBeInTheDocument();
  });

  it("spells a long shot as two words", () => {
    render(<PredictionWhy song={{ probability: 0.12, likelihood: "long_shot", reasons: [] }} />);
    expect(screen.getByText("long shot · 12%")).toBeInTheDocument();
    expect(screen.queryByTestId("reasons")).toBeNull();
  });

  it("says nothing for a song the engine did not place", () => {
    const { container } = render(<PredictionWhy song={{ probability: null, likelihood: null, reasons: null }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
