/**
 * Renders a short, human message on a bare page (the launch page has no React). Text only: the issuer
 * and error text come from the URL or the network, so they are never parsed as HTML.
 */
export function renderLaunchMessage(root: HTMLElement, title: string, detail: string): void {
  const heading = document.createElement('h1');
  heading.textContent = title;
  const paragraph = document.createElement('p');
  paragraph.textContent = detail;
  root.replaceChildren(heading, paragraph);
  root.setAttribute('aria-busy', 'false');
}
