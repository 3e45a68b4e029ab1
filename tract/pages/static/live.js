// The live badge and the one event-stream client of every page the server shows. Each state
// the build loop publishes is passed on as a "tract:state" event; a page that refreshes
// itself (the editor: <body data-live="refresh">) listens to it, any other page reloads when
// a newer build is ready.
(() => {
  const badge = document.getElementById("tract-live");
  const shown = badge.dataset.build;
  const refreshes = document.body.dataset.live === "refresh";
  let quiet;
  const say = (text, tone) => {
    badge.textContent = text;
    badge.className = tone;
    clearTimeout(quiet);
    if (!tone) quiet = setTimeout(() => { badge.className = "quiet"; }, 4000);
  };
  const events = new EventSource("/_tract/events");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    document.dispatchEvent(new CustomEvent("tract:state", { detail: state }));
    if (!refreshes && state.build !== shown) { location.reload(); return; }
    if (state.building) say("Building your changes…", "busy");
    else if (state.crash) say(`The build stopped: ${state.crash} (see the terminal)`, "fail");
    else say("Live: this page follows your edits", "");
  };
  events.onerror = () => say("The preview has stopped: run python build.py serve again", "off");
  // on the catalog, each translation opens in the editor
  for (const card of document.querySelectorAll("[data-edit]")) {
    const link = Object.assign(document.createElement("a"), {
      href: "/" + card.dataset.edit, className: "edit", textContent: "Translate in the browser",
    });
    card.querySelector("header").after(link);
  }
})();
