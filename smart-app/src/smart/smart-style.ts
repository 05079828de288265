/**
 * The EHR's styling hints (`smart_style_url`, SMART App Launch "Styling"): a JSON document of colours,
 * fonts and dimensions that lets an embedded app look like part of the EHR. Each known key sets one of
 * the app's CSS custom properties (app.css reads them, falling back to its own palette), and every key
 * is also exposed as `--smart-<key>`. Values come from the network, so only plain CSS tokens are used:
 * nothing that could load a resource or break out of the declaration.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#styling
 */
export type SmartStyle = Readonly<Record<string, string>>;

/** SMART style key → the app's custom properties it drives. */
export const STYLE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  color_background: ['--canvas'],
  color_text: ['--text'],
  color_highlight: ['--accent'],
  color_error: ['--danger-text'],
  color_success: ['--success-text'],
  color_modal_backdrop: ['--modal-backdrop'],
  font_family_body: ['--font-body'],
  font_family_heading: ['--font-heading'],
  dim_border_radius: ['--radius'],
  dim_font_size: ['--font-size'],
  dim_spacing_size: ['--spacing'],
};

// Colours, lengths and font lists; no url(), no escapes, no ; { } that could end the declaration.
const SAFE_VALUE = /^[#\w\s.,%()'"-]{1,200}$/;

/** Keeps the keys whose values are plain CSS tokens. */
export function parseSmartStyle(body: unknown): SmartStyle {
  if (typeof body !== 'object' || body === null) {
    return {};
  }
  const style: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (/^[a-z][a-z0-9_]{0,63}$/.test(key) && typeof value === 'string' && SAFE_VALUE.test(value) && !/url\s*\(|expression\s*\(/i.test(value)) {
      style[key] = value;
    }
  }
  return style;
}

/** Sets the style's custom properties on `root`; returns a function that takes them off again. */
export function applySmartStyle(style: SmartStyle, root: HTMLElement): () => void {
  const names: string[] = [];
  for (const [key, value] of Object.entries(style)) {
    for (const name of [`--smart-${key.replace(/_/g, '-')}`, ...(STYLE_PROPERTIES[key] ?? [])]) {
      root.style.setProperty(name, value);
      names.push(name);
    }
  }
  return () => names.forEach((name) => root.style.removeProperty(name));
}

/** Fetches the style document; an unreachable or malformed one leaves the app's own palette (the hints are optional). */
export async function fetchSmartStyle(url: string): Promise<SmartStyle> {
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return response.ok ? parseSmartStyle(await response.json()) : {};
  } catch {
    return {};
  }
}
