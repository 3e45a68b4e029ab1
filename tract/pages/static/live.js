// The live badge and the one event-stream client of every page the server shows. Each state
// the build loop publishes is passed on as a "tract:state" event; a page that refreshes
// itself (the editor: <body data-live="refresh">) listens to it, any other page reloads when
// a newer build is ready. Its words come from the page (tract's own words, in the person's
// language).
(() => {
  const badge = document.getElementById("tract-live");
  const { say } = window.tract;
  const shown = badge.dataset.build, mode = badge.dataset.mode;
  const refreshes = document.body.dataset.live === "refresh";
  let quiet;
  const show = (text, tone) => {
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
    if (state.building) show(say("building"), "busy");
    else if (state.crash) show(say(`crashed_${mode}`, { crash: state.crash }), "fail");
    else show(say("live"), "");
  };
  events.onerror = () => show(say(`off_${mode}`), "off");
  // on the catalog, each translation this person may write opens in the editor
  const mine = badge.dataset.translates.split(" ");
  for (const card of document.querySelectorAll("[data-edit]")) {
    const lang = card.dataset.edit.split("/")[1];
    if (!mine.includes("*") && !mine.includes(lang)) continue;
    const link = Object.assign(document.createElement("a"), {
      href: "/" + card.dataset.edit, className: "edit", textContent: say("translate_here"),
    });
    card.querySelector("header").after(link);
  }
})();
