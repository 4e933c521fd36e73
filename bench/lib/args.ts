// Command-line options for the benches: `--name value` pairs and bare `--flag`s, read from
// process.argv. A value-taking option given without its value is an error, not a silent fallback.

/** The value after `--name`, or `fallback` when the option is absent. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** `--name` as a number; an option that is not a number is an error. */
export function numberArg(name: string, fallback: number): number {
  const value = Number(arg(name, String(fallback)));
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

/** Whether the bare flag `--name` is present. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
