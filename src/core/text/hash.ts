/**
 * FNV-1a 32-bit over UTF-16 code units: cheap enough to run on every captured preview in the page,
 * and all we need to count identical answers (not a security hash).
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
