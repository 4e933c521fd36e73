import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors, session } from '../api';
import type { Me } from '../me';
import { Link, navigate } from '../router';
import { ErrorBox, Field } from '../ui';

export function Login({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [firstRun, setFirstRun] = useState(false);
  useEffect(() => {
    session.setupState().then((r) => setFirstRun(r.needs_password), () => undefined);
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn({ email, password });
      const me = await api('GET', '/users/me');
      onSignedIn(me.user);
      const back = location.pathname.replace(/^\/ui/, '');
      navigate(back && back !== '/login' && back !== '/' ? back + location.search : '/services', true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="signin">
      <h1>Sign in to Tocsin</h1>
      {firstRun && (
        <div className="alert info">
          No one has a password yet. <Link to="/setup">Set the account owner’s password</Link> with the setup code the server printed when it started.
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Field label="Email">
          {(id, d) => <input id={id} aria-describedby={d} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password">
          {(id, d) => (
            <input id={id} aria-describedby={d} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        {/* One message for both fields: which of the two was wrong is not told. */}
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

/** The setup code from the printed link (`/ui/setup#code=…`); a fragment never reaches the server or its logs. */
function codeFromLink(): string {
  const code = new URLSearchParams(location.hash.slice(1)).get('code') ?? '';
  // Out of the address bar and the history, so it is not left behind in the browser.
  if (code) history.replaceState(null, '', location.pathname + location.search);
  return code;
}

export function Setup({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [state, setState] = useState<{ needs_password: boolean; owner_email: string | null } | null>(null);
  const [code, setCode] = useState(codeFromLink);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => {
    session.setupState().then(setState, setError);
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    setError(null);
    try {
      await session.claimOwner({ password, code });
      const me = await api('GET', '/users/me');
      onSignedIn(me.user);
      navigate('/services', true);
    } catch (err) {
      setError(err);
    }
  };
  if (!state) return <main id="main" className="signin"><ErrorBox error={error} /></main>;
  if (!state.needs_password) {
    return (
      <main id="main" className="signin">
        <h1>Already set up</h1>
        <p>
          A password is already set. <Link to="/login">Sign in</Link>, or ask an administrator to run <code>tocsin user set-password EMAIL</code>.
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="signin">
      <h1>Welcome to Tocsin</h1>
      <p>
        Set a password for the account owner, <strong>{state.owner_email}</strong>. This page works only until the first password is set,
        and only with the setup code the server printed when it started.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Setup code" hint="Printed on the server’s console at its last start, or in setup-code.txt in its data directory." error={fieldErrors(error, ['code'])}>
          {(id, d) => (
            <input id={id} aria-describedby={d} autoComplete="one-time-code" spellCheck={false} required value={code} onChange={(e) => setCode(e.target.value)} />
          )}
        </Field>
        <Field label="New password" hint="At least 8 characters." error={fieldErrors(error, ['password'])}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Confirm password" error={mismatch ? 'The two passwords differ.' : undefined}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <ErrorBox error={otherErrors(error, [['password'], ['code']])} />
        <button type="submit" className="primary">
          Set password and sign in
        </button>
      </form>
    </main>
  );
}
