// What every page runs, in one file (one request, one gzip stream): the `/` key and offline use.

// On every page: `/` puts the cursor in the header's search field (unless the reader is already
// typing somewhere). Nothing of the search is loaded until one is submitted.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
    return;
  }
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
    return;
  }
  const input = document.getElementById('search-input');
  if (input) {
    event.preventDefault();
    input.focus();
    input.select();
  }
});

// On every page, once it has loaded: registers sw.js (beside this file, so its scope is the
// site's folder), which keeps every file of the guide in the browser, and says so in the footer:
// 「已可离线使用」 once every file is kept; 「指南已更新」 and a 刷新 button once a newer build is
// kept and waiting. The words are base.html's; this only shows them.
const ready = document.getElementById('offline-ready');
const updated = document.getElementById('offline-updated');
const sw = navigator.serviceWorker;

if (ready && updated && sw) {
  let registration = null;
  const show = (part) => {
    ready.hidden = part !== ready;
    updated.hidden = part !== updated;
  };
  const offerUpdate = () => {
    // `active` too: the first install is not an update.
    if (registration && registration.waiting && registration.active) {
      show(updated);
    }
  };
  // A page shown by one build reloads when another takes over (after 刷新, here or in another
  // tab), so that no page mixes two builds; the first worker taking over changes nothing.
  let controlled = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    if (controlled) {
      window.location.reload();
    }
    controlled = true;
  });
  document.getElementById('offline-reload')?.addEventListener('click', () => {
    if (registration && registration.waiting) {
      controlled = true; // reload on the takeover even if this page was loaded bypassing the worker
      registration.waiting.postMessage('skip-waiting');
    } else {
      window.location.reload();
    }
  });
  const start = async () => {
    try {
      registration = await sw.register(new URL('sw.js', import.meta.url), { updateViaCache: 'none' });
    } catch {
      // No service worker here (not HTTPS, storage refused): the guide works online as before.
      return;
    }
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') {
          offerUpdate();
        }
      });
    });
    offerUpdate();
    // Resolves once a worker is active, that is once it has kept every file.
    await sw.ready;
    if (updated.hidden) {
      show(ready);
    }
  };
  if (document.readyState === 'complete') {
    start();
  } else {
    window.addEventListener('load', start, { once: true });
  }
}
