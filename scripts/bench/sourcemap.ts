// Just enough of the source map v3 format to say which sources a built chunk's bytes come from.
// @see https://tc39.es/ecma426/

export interface RawSourceMap {
  readonly sources: readonly (string | null)[];
  readonly mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one mapping segment (base64 VLQ, sign in the lowest bit) into its numbers. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) {
      throw new Error(`Not base64 VLQ: ${segment}`);
    }
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export const UNMAPPED = '(unmapped)';

/**
 * The generated code of a chunk split by original source: each mapping segment owns the text from its
 * column to the next segment's. Returns, per source, the code that came from it (so callers can both
 * count its bytes and compress it).
 */
export function codeBySource(code: string, map: RawSourceMap): Map<string, string> {
  const out = new Map<string, string[]>();
  const add = (source: string, text: string): void => {
    if (text) {
      out.set(source, [...(out.get(source) ?? []), text]);
    }
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  lines.forEach((line, lineNo) => {
    const segments = (mappingLines[lineNo] ?? '').split(',').filter(Boolean);
    let column = 0;
    const starts: { column: number; source: string }[] = [];
    for (const segment of segments) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        starts.push({ column, source: map.sources[sourceIndex] ?? UNMAPPED });
      } else {
        starts.push({ column, source: UNMAPPED });
      }
    }
    add(UNMAPPED, line.slice(0, starts[0]?.column ?? line.length));
    starts.forEach((start, i) => add(start.source, line.slice(start.column, starts[i + 1]?.column ?? line.length)));
  });
  return new Map([...out].map(([source, parts]) => [source, parts.join('\n')]));
}

/** The npm package a source path belongs to (`react-dom`, `@medplum/core`), or the app folder it is in. */
export function ownerOf(source: string): string {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = source.slice(modules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? source);
  }
  const app = /(smart-app\/src\/[^/]+)\//.exec(source);
  if (app?.[1]) {
    return `app: ${app[1]}`;
  }
  return source === UNMAPPED ? source : `app: ${source.replace(/^(\.\.\/)+/, '')}`;
}
