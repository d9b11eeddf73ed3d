// The wallet's service worker: keeps the page shell (HTML, hashed assets, icons) so /wallet opens offline.
// API answers are never cached: certificates and sessions are personal and must stay fresh.
const cacheName = 'medcert-wallet-shell-v1';
const shell = ['/wallet', '/wallet.webmanifest', '/wallet-icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('medcert-wallet-') && key !== cacheName).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed, so a cached copy is never stale.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((response) => {
            if (response.ok) void caches.open(cacheName).then((cache) => cache.put(event.request, response.clone()));
            return response;
          }),
      ),
    );
  } else if (event.request.mode === 'navigate' && url.pathname === '/wallet') {
    // Network first, so a new release shows at once; the cached shell when offline.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) void caches.open(cacheName).then((cache) => cache.put('/wallet', response.clone()));
          return response;
        })
        .catch(() => caches.match('/wallet')),
    );
  }
});
