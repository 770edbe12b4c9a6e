// Service worker of the field inspector app (城管通), scope /field (the app's routes are /field and /field/…).
// The server fills in VERSION and PRECACHE (the built assets the app may load) when it serves this file, so a new
// build installs a new worker.
// The app shell and assets come from the cache when offline; a few GET API answers (me, catalogue, my beat, my
// tasks) are network-first with the last answer as fallback. Reports and task answers are never sent from here:
// the app's IndexedDB queue sends them, with idempotency keys.
const VERSION = '__VERSION__';
const PRECACHE = [/* __PRECACHE__ */];
const SHELL = '/field/';
const CACHE = `wg-field-${VERSION}`;
const API_CACHE = 'wg-field-api';
const API_FALLBACK = ['/api/auth/me', '/api/catalogue', '/api/field/beat', '/api/field/duty', '/api/field/recent-classes', '/api/field/stats', '/api/cases', '/api/geo/district'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll([SHELL, '/field/manifest.webmanifest', '/field/icon-192.png', ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('wg-field-') && k !== CACHE && k !== API_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  // Signing out forgets the cached API answers of that user.
  if (event.data === 'clear-api-cache') event.waitUntil(caches.delete(API_CACHE));
});

function putIn(cacheName, request, response) {
  if (response.ok) {
    const copy = response.clone();
    caches.open(cacheName).then((c) => c.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (url.pathname === '/api/events' || !API_FALLBACK.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return;
    event.respondWith(fetch(req).then((res) => putIn(API_CACHE, req, res)).catch(() => caches.open(API_CACHE).then((c) => c.match(req)).then((hit) => hit || Response.error())));
    return;
  }
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => putIn(CACHE, SHELL, res))
        .catch(() => caches.open(CACHE).then((c) => c.match(SHELL))),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/field/')) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => putIn(CACHE, req, res))));
  }
});
