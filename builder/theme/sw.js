// The guide's service worker: keeps every file of one build in the browser, so that every page,
// the checker and search work without a network once a page has been opened. The builder writes
// it to the site's root as sw.js (its scope is the site's folder, whatever the sub-path), with
// the placeholder of BUILD below replaced by this build: { version: a hash of this script and of
// every other file of the site, files: [[path relative to the site root, its Subresource
// Integrity (sha256-…)]] }.
//
// One build, one cache, named after the scope and the version. A new build is installed into
// its own cache, file by file from the network (never the HTTP cache), each checked by the
// browser against this build's integrity; only when all are in is it installed. It then waits while the old worker
// keeps answering from the old cache, until a page's 刷新 button asks it to take over (or every
// tab of the guide is closed); on taking over it deletes this scope's other caches. So a page
// never mixes two builds. Nothing from another origin or outside the scope is touched.
'use strict';

const BUILD = __GUIDE_BUILD__;
const SCOPE = self.registration.scope;
const PREFIX = `guide ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
// Downloads at once while installing (a large guide has thousands of files).
const PARALLEL = 6;

async function keep(cache, [path, integrity]) {
  const url = new URL(path, SCOPE).href;
  // `same-origin`: a redirect to another origin fails rather than being kept. `integrity`: a
  // stale copy from a cache on the way, or a host that rewrites files, is not this build's file
  // and fails the download.
  const response = await fetch(url, { cache: 'no-cache', mode: 'same-origin', integrity });
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  const body = await response.arrayBuffer();
  // A fresh response: no redirect flag (a redirected response cannot answer a navigation).
  const type = response.headers.get('Content-Type');
  await cache.put(url, new Response(body, { headers: type ? { 'Content-Type': type } : {} }));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const queue = BUILD.files.slice();
    const download = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await keep(cache, file);
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL }, download));
    } catch (error) {
      queue.length = 0;
      // Installing fails; the browser tries again on a later visit, from scratch.
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) {
        await caches.delete(name);
      }
    }
    // Pages opened before the first install are answered from the cache from now on too.
    await self.clients.claim();
  })());
});

// A page's 刷新 button: the waiting build takes over; every page of the guide then reloads.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) {
    return;
  }
  event.respondWith((async () => {
    // The folder itself is its index.html; a page is the same page whatever its query
    // (search.html?q=…), a file is found only as it was kept.
    const key = url.pathname.endsWith('/') ? new URL('index.html', url).href : url.href;
    const cache = await caches.open(CACHE);
    const kept = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    return kept || fetch(request);
  })());
});
