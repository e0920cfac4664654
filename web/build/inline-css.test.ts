// @vitest-environment node
// The stylesheet comes with the HTML (inline-css.ts): each linked stylesheet of
// the build is inlined where it was linked; anything else stays linked.

import { describe, expect, it } from "vitest";
import { inlineStylesheets } from "./inline-css.ts";

describe("inlineStylesheets", () => {
  it("inlines the build's stylesheets in place and leaves other links alone", () => {
    const html = `<head><link rel="stylesheet" crossorigin href="/assets/index-a1.css">` +
      `<link rel="stylesheet" href="https://example.com/other.css"><link rel="modulepreload" href="/assets/x.js"></head>`;
    expect(inlineStylesheets(html, { "/assets/index-a1.css": ".hero{color:red}" })).toBe(
      `<head><style>.hero{color:red}</style>` +
        `<link rel="stylesheet" href="https://example.com/other.css"><link rel="modulepreload" href="/assets/x.js"></head>`,
    );
  });

  it("refuses a stylesheet that would close the style element early", () => {
    expect(() =>
      inlineStylesheets(`<link rel="stylesheet" href="/a.css">`, { "/a.css": "a::after{content:'</style>'}" })
    ).toThrow(/contains "<\/style"/);
  });
});
