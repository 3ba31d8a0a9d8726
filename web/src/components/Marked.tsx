/**
 * Text the search API marked up: HTML-escaped, with <mark> around the words that matched. Rendered as React text
 * and <mark> elements — never as HTML — so nothing in a case's text can run in the page.
 */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);

export function Marked({ text }: { text: string }) {
  const parts = text.split(/<mark>(.*?)<\/mark>/g);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{unescape(p)}</mark> : unescape(p)))}</>;
}
