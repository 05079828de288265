/**
 * Structured, one-line JSON logs. Callers pass event names and technical fields only (ids, counts,
 * durations, statuses): never names, birth dates, identifiers' values or resource bodies.
 */
export interface Logger {
  info(event: string, fields?: Readonly<Record<string, string | number | boolean | undefined>>): void;
  error(event: string, fields?: Readonly<Record<string, string | number | boolean | undefined>>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const log = (level: string, event: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: (e, f) => log('info', e, f), error: (e, f) => log('error', e, f) };
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
