// The sign-up prompt. When the database says a guest has used their free vote
// (guest_vote_limit) or may not suggest (guest_cannot_suggest), the page asks
// for an account here; creating it upgrades the same user, and the action the
// fan was trying is retried.

import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { AccountForm, type AccountMode } from "./AccountForm.tsx";

interface PromptRequest {
  reason: string;
  onAccount?: () => void;
}

interface AccountPromptApi {
  requestAccount: (request: PromptRequest) => void;
}

const AccountPromptContext = createContext<AccountPromptApi | null>(null);

export function useAccountPrompt(): AccountPromptApi {
  const api = useContext(AccountPromptContext);
  if (!api) throw new Error("useAccountPrompt outside <AccountPromptProvider>");
  return api;
}

export function AccountPromptProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<PromptRequest | null>(null);
  const opener = useRef<Element | null>(null);
  const requestAccount = useCallback((next: PromptRequest) => {
    opener.current = document.activeElement;
    setRequest(next);
  }, []);
  const close = useCallback(() => {
    setRequest(null);
    // give focus back to what the fan was using (the vote button)
    if (opener.current instanceof HTMLElement) opener.current.focus();
  }, []);
  return (
    <AccountPromptContext.Provider value={{ requestAccount }}>
      {children}
      {request
        ? (
          <AccountDialog
            reason={request.reason}
            onClose={close}
            onAccount={() => {
              close();
              request.onAccount?.();
            }}
          />
        )
        : null}
    </AccountPromptContext.Provider>
  );
}

function AccountDialog({ reason, onClose, onAccount }: {
  reason: string;
  onClose: () => void;
  onAccount: () => void;
}) {
  const [mode, setMode] = useState<AccountMode>("create");
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = dialog.current;
    if (!node) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        onClose();
        return;
      }
      if (event.key !== "Tab") return;
      // keep Tab inside the dialog while it is open
      const focusable = [...node.querySelectorAll<HTMLElement>("button, input, a[href]")].filter((el) =>
        !el.hasAttribute("disabled")
      );
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    node.addEventListener("keydown", onKey);
    return () => node.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="account-dialog-title"
        aria-describedby="account-dialog-reason"
      >
        <h2 id="account-dialog-title">{mode === "create" ? "Create your free account" : "Sign in"}</h2>
        <p id="account-dialog-reason">{reason}</p>
        <AccountForm key={mode} mode={mode} onDone={onAccount} autoFocus />
        <p className="dialog-switch">
          {mode === "create"
            ? (
              <button type="button" className="link-button" onClick={() => setMode("sign-in")}>
                I already have an account
              </button>
            )
            : (
              <button type="button" className="link-button" onClick={() => setMode("create")}>
                Create an account instead
              </button>
            )}
        </p>
        <button type="button" className="button button-quiet dialog-close" onClick={onClose}>Not now</button>
      </div>
    </div>
  );
}
