import { html, useState, useEffect } from './ui.js';
import { imageUrl } from './api.js';

/**
 * A mini-program's icon, or a placeholder when it has none. The image is read with the caller's
 * token and shown from a blob: URL (an <img src> could not send the token). Decorative: the name
 * always stands beside it, so it has no text of its own.
 */
export function Icon({ icon, size = 'large' }) {
  const [src, setSrc] = useState(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    if (icon) {
      imageUrl(icon.url, icon.digest)
        .then((url) => live && setSrc(url))
        .catch(() => live && setSrc(null));
    }
    return () => { live = false; };
  }, [icon ? icon.digest : null]);
  const cls = 'icon ' + size;
  return src
    ? html`<img class=${cls} src=${src} alt="" />`
    : html`<span class=${cls + ' placeholder'} aria-hidden="true"></span>`;
}
