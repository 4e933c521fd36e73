// Secrets the person starting the server must see (the owner's first token, the first-run setup code),
// shown so that a log shipper never keeps them: never through the JSON log.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/** Where a person may be reading: stderr in the CLI; a fake in tests. */
export interface Terminal {
  isTTY: boolean;
  write(text: string): void;
}

export interface Secret {
  /** The file in the data dir that holds it when no one is at a terminal. */
  file: string;
  /** The text for a person, the secret on a line of its own. */
  text: string;
  /** The log message that points at the file (it must not contain the secret). */
  logMessage: string;
}

/**
 * Shows a secret once. On an interactive terminal it is printed plainly; otherwise (a service manager,
 * a container, a pipe into a log shipper) it is written to a file in the data dir that only this user
 * can read (mode 0600), and only the file's path is logged. Returns that path, or null when printed.
 */
export function announceSecret(secret: Secret, out: { terminal: Terminal; dataDir: string; log: Logger }): string | null {
  if (out.terminal.isTTY) {
    out.terminal.write(secret.text);
    return null;
  }
  const file = path.join(out.dataDir, secret.file);
  fs.mkdirSync(out.dataDir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    // An existing file keeps its old mode on open: tighten it before the secret goes in.
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, secret.text);
  } finally {
    fs.closeSync(fd);
  }
  out.log.warn({ file }, secret.logMessage);
  return file;
}

/** Removes a secret's file once its secret is of no use (the setup code after the owner is claimed). */
export function forgetSecret(file: string, dataDir: string): void {
  fs.rmSync(path.join(dataDir, file), { force: true });
}

/** The owner's REST API token, made on the first start. */
export function ownerTokenSecret(email: string, token: string): Secret {
  return {
    file: 'owner-token.txt',
    text: `\nAccount owner ${email} created. Its REST API token, shown once (only its hash is stored):\n\n    ${token}\n\n`,
    logMessage: "the account owner's REST API token is in this file, readable only by this user: keep the token somewhere safe, then delete the file",
  };
}

/** The first-run setup code, made at each start until the owner has a password. */
export function setupCodeSecret(email: string, publicUrl: string, code: string): Secret {
  return {
    file: 'setup-code.txt',
    text:
      `\nTocsin is not set up yet. To claim the account owner (${email}) and set its password, open\n\n` +
      `    ${publicUrl}/ui/setup#code=${code}\n\n` +
      `or enter this setup code on the first-run page (/ui/setup):\n\n` +
      `    ${code}\n\n` +
      'Only someone who holds this code can claim the owner account, whatever address they connect from,\n' +
      'loopback included: behind a reverse proxy on this host every client is loopback. A new code is\n' +
      'printed at each start until the owner has a password (or set TOCSIN_BOOTSTRAP_PASSWORD).\n\n',
    logMessage: 'Tocsin is not set up yet: the first-run setup code that claims the account owner is in this file, readable only by this user',
  };
}
