// Builds DOM nodes from a React element tree whose components are plain
// functions of their props (no hooks, no state, no handlers): what the boot
// script needs to paint the show page's header (pages/ShowHeader.tsx) from
// the boot request's answer, before React itself has arrived. React's own
// renderer would be a second copy of react-dom in the HTML; this is the small
// part of it such a tree uses. Text and attribute values go in as DOM text and
// attribute values, never parsed as HTML. Anything it does not know (a hook,
// an event handler, inner HTML) throws, and the boot script then paints
// nothing: the app renders the page itself, as it did before.

import type { ReactNode } from "react";

const ELEMENT_TYPES = new Set([Symbol.for("react.transitional.element"), Symbol.for("react.element")]);
const FRAGMENT = Symbol.for("react.fragment");

interface ElementLike {
  $$typeof: symbol;
  type: unknown;
  props: Record<string, unknown> & { children?: ReactNode };
}

/** React's names for the attributes these trees use, where they differ from the DOM's. */
const ATTRIBUTE_NAMES: Record<string, string> = { className: "class", htmlFor: "for", tabIndex: "tabindex" };

function setAttributes(element: Element, props: ElementLike["props"]): void {
  for (const [name, value] of Object.entries(props)) {
    if (name === "children" || name === "key" || value === undefined || value === null || value === false) continue;
    if (/^on[A-Z]/.test(name) || name === "dangerouslySetInnerHTML" || name === "ref" || name === "style") {
      throw new Error(`a static frame has no ${name}`);
    }
    const attribute = ATTRIBUTE_NAMES[name] ?? name;
    // React writes aria-* and data-* booleans as "true", and a boolean attribute (download) as present
    const text = value === true ? (/^(aria|data)-/.test(attribute) ? "true" : "") : String(value);
    element.setAttribute(attribute, text);
  }
}

function append(parent: Node, node: ReactNode, doc: Document): void {
  if (node === null || node === undefined || typeof node === "boolean") return;
  if (typeof node === "string" || typeof node === "number" || typeof node === "bigint") {
    parent.appendChild(doc.createTextNode(String(node)));
    return;
  }
  if (Array.isArray(node)) {
    for (const child of node) append(parent, child, doc);
    return;
  }
  const element = node as unknown as ElementLike;
  if (typeof node !== "object" || !ELEMENT_TYPES.has(element.$$typeof)) {
    throw new Error("a static frame renders elements, text and arrays only");
  }
  if (element.type === FRAGMENT) {
    append(parent, element.props.children, doc);
  } else if (typeof element.type === "function") {
    // a component that calls a hook throws here (React has no dispatcher outside its own render)
    append(parent, (element.type as (props: unknown) => ReactNode)(element.props), doc);
  } else if (typeof element.type === "string") {
    const child = doc.createElement(element.type);
    setAttributes(child, element.props);
    append(child, element.props.children, doc);
    parent.appendChild(child);
  } else {
    throw new Error("a static frame has no context providers, lazy components or portals");
  }
}

/** The DOM nodes React would render for `tree`, in a fragment of `doc`. */
export function staticDom(tree: ReactNode, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  append(fragment, tree, doc);
  return fragment;
}
