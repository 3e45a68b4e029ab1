// The staff page: invite, revoke, sign a device out, make a release. Each is a JSON request
// with the page's token, as every change to the server is.
(() => {
  const { say, post } = window.tract;
  const said = document.getElementById("said");
  const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value).join(",");

  const invite = document.getElementById("invite");
  invite.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = invite.elements.name.value;
    try {
      const answer = await post("/_tract/invite", {
        name, translate: checked(invite, "translate"), review: checked(invite, "review"),
        staff: invite.querySelector('input[name="staff"]').checked ? "yes" : "",
      });
      const box = document.getElementById("link");
      box.querySelector("p").textContent = say("link_once", { name });
      box.querySelector(".link").textContent = answer.link;
      box.hidden = false;
      said.textContent = "";
    } catch (error) { said.textContent = say("invite_failed", { reason: error.message }); }
  });
  for (const button of document.querySelectorAll("[data-revoke]")) {
    button.addEventListener("click", async () => {
      if (!window.confirm(button.dataset.ask)) return;
      try { await post("/_tract/revoke", { name: button.dataset.revoke }); location.reload(); }
      catch (error) { said.textContent = error.message; }
    });
  }
  for (const button of document.querySelectorAll("[data-device]")) {
    button.addEventListener("click", async () => {
      try { await post("/_tract/revoke", { device: button.dataset.device }); location.reload(); }
      catch (error) { said.textContent = error.message; }
    });
  }
  const release = document.getElementById("release");
  const follow = async () => {
    const response = await fetch("/_tract/releases", { credentials: "same-origin" });
    const state = await response.json();
    if (state.running) setTimeout(follow, 2000);
    else location.reload();
  };
  release.addEventListener("click", async () => {
    try {
      await post("/_tract/release", {});
      release.disabled = true;
      document.getElementById("releasing").hidden = false;
      follow();
    } catch (error) { said.textContent = error.message; }
  });
  if (release.disabled) follow();
})();
