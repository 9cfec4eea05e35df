// Live reload for `builder serve`; never part of a built site. The server injects
// <script src="/__livereload.js" data-build="…"> before </body> of every page it serves and sends
// the state of the latest build on /__livereload (Server-Sent Events): its id and the error of a
// failed rebuild. A page of another build reloads itself; an error is shown over the page, as
// text, until the next good build. A served file (no inline script): the pages' CSP allows it,
// and setting styles through the CSSOM is not an inline style.
(() => {
  const script = document.currentScript;
  const build = script ? script.dataset.build : "";
  const OVERLAY = "builder-serve-error";

  const hide = () => {
    const box = document.getElementById(OVERLAY);
    if (box) box.remove();
  };

  const show = (message) => {
    let box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      Object.assign(box.style, {
        position: "fixed",
        left: "0",
        right: "0",
        bottom: "0",
        maxHeight: "60vh",
        overflow: "auto",
        zIndex: "2147483647",
        margin: "0",
        padding: "0.75em 1em",
        background: "#7f1d1d",
        color: "#fff",
        font: "14px/1.5 ui-monospace, monospace",
        whiteSpace: "pre-wrap",
        overflowWrap: "anywhere",
        boxShadow: "0 -2px 8px rgba(0, 0, 0, 0.4)",
      });
      document.body.appendChild(box);
    }
    // The message names guide files and their text: only ever text, never HTML.
    box.textContent = "builder serve: the last change did not build (the page shows the last good build)\n\n" + message;
  };

  const events = new EventSource("/__livereload");
  events.onmessage = (event) => {
    let state;
    try {
      state = JSON.parse(event.data);
    } catch {
      return;
    }
    if (state.build !== build) {
      location.reload();
    } else if (state.error) {
      show(state.error);
    } else {
      hide();
    }
  };
})();
