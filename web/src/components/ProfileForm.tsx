// The fan's handle and home city, on the account page. The database checks
// the handle (length, characters, reserved words, taken) and says why it
// refuses; the bounds shown come from fan_rules.

import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { initials, useFanRulesQuery, useMyProfileQuery, useSaveProfile } from "../data/fans.ts";
import { useSession } from "../data/auth.tsx";

export function Avatar({ handle, size = "small" }: { handle: string | null | undefined; size?: "small" | "large" }) {
  return <span className={`avatar avatar-${size}`} aria-hidden="true">{initials(handle)}</span>;
}

/** A labelled text input with its hint, which is read out with it (aria-describedby). */
function HintedField({ id, label, autoComplete, value, disabled, onChange, children }: {
  id: string;
  label: string;
  autoComplete: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete={autoComplete}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">{children}</p>
    </>
  );
}

export function ProfileForm() {
  const id = useId();
  const { isGuest } = useSession();
  const profile = useMyProfileQuery();
  const rules = useFanRulesQuery();
  const save = useSaveProfile();
  const [handle, setHandle] = useState("");
  const [city, setCity] = useState("");
  const [saved, setSaved] = useState(false);

  // fill the fields once from the stored profile; never over what the fan has typed since
  const filled = useRef(false);
  useEffect(() => {
    if (!profile.data || filled.current) return;
    filled.current = true;
    setHandle(profile.data.handle ?? "");
    setCity(profile.data.home_city ?? "");
  }, [profile.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    // the home point belongs to the home city: kept while the city stays, dropped when it changes
    const sameCity = city.replace(/\s+/g, " ").trim() === (profile.data?.home_city ?? "");
    save.mutate({
      handle: isGuest ? null : handle,
      home_city: city,
      home_latitude: sameCity ? profile.data?.home_latitude ?? null : null,
      home_longitude: sameCity ? profile.data?.home_longitude ?? null : null,
    }, { onSuccess: () => setSaved(true) });
  }

  const bounds = rules.data ? `${rules.data.handle_min_length} to ${rules.data.handle_max_length} characters: ` : "";
  return (
    <form className="account-form profile-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <Avatar handle={handle || profile.data?.handle} /> Your profile
      </h2>
      {isGuest ? null : (
        <>
          <HintedField
            id={`${id}-handle`}
            label="Handle"
            autoComplete="username"
            value={handle}
            disabled={profile.isPending}
            onChange={setHandle}
          >
            {bounds}a letter, then letters, digits or _. Other fans see it on leaderboards.
          </HintedField>
        </>
      )}
      <HintedField
        id={`${id}-city`}
        label="Home city"
        autoComplete="address-level2"
        value={city}
        disabled={profile.isPending}
        onChange={setCity}
      >
        We tell you when an artist you follow announces a show there.
      </HintedField>
      {save.error ? <p className="form-error" role="alert">{save.error.message}</p> : null}
      {saved ? <p className="form-ok" role="status">Profile saved.</p> : null}
      <button type="submit" className="button button-primary" disabled={save.isPending || profile.isPending}>
        {save.isPending ? "Saving…" : "Save profile"}
      </button>
    </form>
  );
}
