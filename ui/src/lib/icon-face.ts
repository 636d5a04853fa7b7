import fontDataUrl from '../assets/desk-icons.woff?inline';
import iconFont from './icon-font.json';

/**
 * Adds the rows' icon font (see icons.ts) from bytes carried in the bundle. A font from
 * memory needs no request to the app's asset protocol and is ready before the first
 * layout, so its arrival cannot restyle a page already full of rows. FontFace data is
 * not a fetch, so the CSP's `font-src 'self'` stays as it is.
 */
export function addIconFont(fonts: FontFaceSet = document.fonts): FontFace {
  const base64 = fontDataUrl.slice(fontDataUrl.indexOf(',') + 1);
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const face = new FontFace(iconFont.family, bytes, { display: 'block' });
  fonts.add(face);
  return face;
}
