// Bootstrap of the checker page: loads the WebAssembly checker, whose UI is Rust (web-sys, see
// checker-wasm/src/ui). The form is on the page from the start, inert and with the submit button
// saying it is loading; every word shown here comes from the page (guide/checker.md).
const app = document.getElementById('checker-app');
const status = document.getElementById('checker-status');
let attempt = 0;

// Today's date as the 查询日期 now, not when the checker arrives: filling it then would move the
// date's text on screen. The checker keeps a date the draft or a shared link brings.
const asked = document.getElementById('application_date');
if (asked && !asked.value) {
  const now = new Date();
  const two = (n) => String(n).padStart(2, '0');
  asked.value = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

// Back to this page from another: the result is built only once the checker has started, after
// the browser's own scroll restoration, which then lands above it (or is pushed below it). The
// page keeps its place in its history entry and returns to it itself, once the result is there.
history.scrollRestoration = 'manual';
addEventListener('pagehide', () => {
  history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
});
function returnToPlace() {
  const y = history.state && history.state.scrollY;
  if (typeof y === 'number') window.scrollTo(0, y);
}

function explain(text, retry) {
  if (!status) return;
  status.textContent = text;
  if (retry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'checker-retry';
    button.textContent = status.dataset.retry;
    button.addEventListener('click', start);
    status.append(' ', button);
  }
  status.hidden = false;
  if (app) app.hidden = true;
}

function start() {
  if (status) status.hidden = true;
  if (app) app.hidden = false;
  attempt += 1;
  // A retry asks for the script afresh (a failed module load may be remembered by its URL); the
  // wasm is fetched again by init() either way.
  const url = attempt > 1 ? `./checker.js?retry=${attempt}` : './checker.js';
  import(url)
    .then((checker) => checker.default().then(() => checker.mountPage()))
    .then(() => {
      app.inert = false;
      returnToPlace();
    })
    .catch((error) => {
      console.error(error); // the browser's words ("Failed to fetch") are not for applicants
      explain(status.dataset.failed, true);
    });
}

if (typeof WebAssembly !== 'object') {
  explain(status.dataset.noWasm, false);
} else {
  start();
}
