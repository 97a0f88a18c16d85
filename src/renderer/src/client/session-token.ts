// The web host's session token, as the page keeps it: taken from the printed URL's fragment (which
// no request carries), held in this tab's sessionStorage (which no other origin, port or tab
// reads) and offered only when opening the host's WebSocket.
const KEY = 'bio-workbench-token';
const TOKEN = /^[0-9a-f]{64}$/;

export interface TokenPlace {
  location: { hash: string; search: string; pathname: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Moves a token from the address bar into this tab's storage; returns the tab's token, if any. */
export function takeSessionToken(place: TokenPlace): string | null {
  const fromHash = new URLSearchParams(place.location.hash.replace(/^#/, '')).get('token');
  const fromQuery = new URLSearchParams(place.location.search).get('token');
  const given = fromHash ?? fromQuery;
  if (given !== null) {
    if (TOKEN.test(given)) place.sessionStorage.setItem(KEY, given);
    // Out of the address bar and history: a screenshot or a shared screen shows no token.
    place.history.replaceState(null, '', place.location.pathname);
  }
  const kept = place.sessionStorage.getItem(KEY);
  return kept !== null && TOKEN.test(kept) ? kept : null;
}
