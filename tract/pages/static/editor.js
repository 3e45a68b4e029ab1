// The editor: each field is saved when it loses focus (or on Ctrl+S). One save is sent at a
// time, each with the file's version the last answer gave; a save the server did not answer
// stays "not saved yet" and is sent again; confirming waits until every text is saved.
(() => {
  const body = document.body;
  const doc = body.dataset.doc, lang = body.dataset.lang;
  const fields = [...document.querySelectorAll("textarea")];
  const said = document.getElementById("said");
  const { say, post, Refusal } = window.tract;
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const rowOf = (field) => field.closest("tr");
  const note = (field, text) => { rowOf(field).querySelector(".saved").textContent = text; };
  const show = (row, messages) => {
    const list = row.querySelector(".messages");
    list.replaceChildren(...messages.map((m) => Object.assign(document.createElement("li"), { textContent: m })));
    row.querySelectorAll("textarea").forEach((f) => f.classList.toggle("problem", messages.length > 0));
  };

  // saving: a queue of fields, sent one at a time
  const queue = [];
  const forced = new Set();  // "Keep mine": the next save writes over the file's text
  let sending = null;
  const dirty = (field) => field.value !== field.dataset.was || forced.has(field);
  const schedule = (field) => {
    if (!dirty(field)) return;
    if (!queue.includes(field)) queue.push(field);
    field.classList.add("unsaved");
    note(field, say("unsaved"));
    pump();
  };
  const pump = () => {
    sending ??= (async () => {
      let wait = 1000;
      while (queue.length) {
        const field = queue[0];
        try {
          await send(field);
          queue.shift();
          wait = 1000;
        } catch (failure) {
          if (failure instanceof Refusal) {
            queue.shift();
            note(field, say("not_saved", { reason: failure.message }));
            continue;
          }
          note(field, say("retrying", { reason: failure.message, seconds: wait / 1000 }));
          await sleep(wait);
          wait = Math.min(wait * 2, 15000);
        }
      }
      sending = null;
    })();
    return sending;
  };
  const send = async (field) => {
    const value = field.value, force = forced.has(field);
    note(field, say("saving"));
    const answer = await post("/_tract/save", {
      doc, lang, key: field.name, value, base: body.dataset.version,
      was: force ? null : field.dataset.was,
    });
    body.dataset.version = answer.version;
    forced.delete(field);
    if (answer.conflict) {
      note(field, say("conflict_note"));
      conflict(field, answer.conflict);
      return;
    }
    field.dataset.was = value;
    show(rowOf(field), answer.problems);
    if (field.value !== value) {  // typed on while it was being saved
      note(field, say("unsaved"));
      if (document.activeElement !== field) schedule(field);
      return;
    }
    field.classList.remove("unsaved");
    note(field, say(answer.merged ? "merged" : "saved"));
  };
  const conflict = (field, theirs) => {
    rowOf(field).querySelector(".conflict")?.remove();
    const box = Object.assign(document.createElement("div"), { className: "conflict" });
    box.textContent = `${say("conflict")}\n${theirs.disk}\n`;
    const mine = Object.assign(document.createElement("button"), { type: "button", textContent: say("keep_mine") });
    const take = Object.assign(document.createElement("button"), { type: "button", className: "quiet", textContent: say("take_theirs") });
    mine.onclick = () => { box.remove(); forced.add(field); schedule(field); };
    take.onclick = () => {
      box.remove();
      field.value = field.dataset.was = theirs.disk;
      field.classList.remove("unsaved");
      note(field, "");
    };
    box.append(mine, " ", take);
    field.after(box);
  };
  const settled = async () => {
    while (sending) await sending;
    return fields.filter(dirty);
  };

  // typing: the field grows, pasted line separators become line breaks, checks run
  const separator = /[\u2028\u2029\u0085]/, separators = /[\u2028\u2029\u0085]/g;
  const grow = (field) => { field.style.height = "auto"; field.style.height = `${field.scrollHeight + 2}px`; };
  let typing;
  for (const field of fields) {
    grow(field);
    field.addEventListener("blur", () => schedule(field));
    field.addEventListener("input", () => {
      if (separator.test(field.value)) {
        const at = field.selectionStart;
        field.value = field.value.replace(separators, "\n");
        field.setSelectionRange(at, at);
      }
      grow(field);
      if (dirty(field)) note(field, say("unsaved"));
      clearTimeout(typing);
      typing = setTimeout(async () => {
        const value = field.value;
        try {
          const answer = await post("/_tract/check", { doc, lang, key: field.name, value });
          if (field.value === value) show(rowOf(field), answer.problems);
        } catch (error) { /* the save says why */ }
      }, 400);
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (queue.length || sending || fields.some(dirty)) event.preventDefault();
  });

  // a placeholder goes in whole, where the cursor was, and is never typed by hand
  let last = null;
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLTextAreaElement) last = event.target;
  });
  for (const chip of document.querySelectorAll("button.chip")) {
    chip.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus
    chip.addEventListener("click", () => {
      const field = last && rowOf(last) === rowOf(chip) ? last : rowOf(chip).querySelector("textarea");
      const at = field.selectionStart ?? field.value.length;
      field.setRangeText(chip.dataset.insert, at, field.selectionEnd ?? at, "end");
      field.focus();
      field.dispatchEvent(new Event("input"));
    });
  }
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      if (document.activeElement instanceof HTMLTextAreaElement) schedule(document.activeElement);
    }
  });

  // confirming: only once every text on the page is saved
  const confirm = document.getElementById("confirm");
  if (confirm) confirm.onclick = async () => {
    if (document.activeElement instanceof HTMLTextAreaElement) schedule(document.activeElement);
    if (sending) said.textContent = say("saving_first");
    const unsaved = await settled();
    if (unsaved.length) {
      said.textContent = say("not_confirmed", { count: unsaved.length });
      return;
    }
    try {
      const answer = await post("/_tract/confirm", { doc, lang });
      said.textContent = answer.said;
      refresh();
    } catch (error) { said.textContent = error.message; }
  };

  // after each build: every row's status, messages and picture
  const refresh = async () => {
    const response = await fetch(`/_tract/state/${lang}/${doc}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const state = await response.json();
    for (const row of state.rows) {
      const tr = document.getElementById(`row-${row.key}`);
      if (!tr) continue;
      tr.className = row.status;
      const badge = tr.querySelector(".badge");
      badge.className = `badge ${row.status}`;
      badge.textContent = say(`status.${row.status}`);
      show(tr, row.messages);
      const img = tr.querySelector(".page img"), spot = tr.querySelector(".spot");
      if (img && row.picture) {
        img.src = `${row.picture.src}?build=${state.build}`;
        Object.assign(spot.style, { left: `${row.picture.left}%`, top: `${row.picture.top}%`, width: `${row.picture.width}%`, height: `${row.picture.height}%` });
      }
    }
    if (state.fit.length) document.getElementById("fit").textContent = say("fit", { fit: state.fit.join(" · ") });
    const whole = document.getElementById("whole");
    show(whole, state.whole);
    whole.hidden = !state.whole.length;
    for (const [name, count] of Object.entries(state.counts)) {
      const cell = document.querySelector(`[data-count="${name}"]`);
      if (cell) cell.textContent = count;
    }
  };
  let shown = body.dataset.build;
  document.addEventListener("tract:state", (event) => {
    if (event.detail.build !== shown) refresh();
    shown = event.detail.build;
  });
})();
