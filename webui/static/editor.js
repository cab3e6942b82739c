// The catalogue editor: entries from the JSON API, saved one by one with their version.
// Everything taken from catalogues or sources goes into the page as text (textContent / text nodes).
"use strict";

(() => {
  const root = document.getElementById("editor");
  if (!root) return;
  const { api, el, debounce } = L10n;
  const lang = root.dataset.lang;
  const domain = root.dataset.domain;
  const canReview = root.dataset.canReview === "1";
  const base = `/api/catalogues/${encodeURIComponent(lang)}/${encodeURIComponent(domain)}`;
  const PAGE = 200;  // entries per request: a 10,000-entry catalogue is shown a page at a time
  const TODO = new Set(["untranslated", "machine", "needs-work"]);

  const list = document.getElementById("entries");
  const template = document.getElementById("entry-template");
  const listStatus = document.getElementById("list-status");
  const more = document.getElementById("more");
  const count = document.getElementById("count");
  const form = document.getElementById("filters");
  const previewPane = document.getElementById("preview");
  const previewBody = document.getElementById("preview-body");
  const previewButton = document.getElementById("toggle-preview");

  const rows = new Map();  // id -> row {data, li, textarea, dirty, ...}
  let order = [];  // ids in list order
  let total = 0;
  let start = 0;  // offset of the first listed entry (a preview click can start the list mid-catalogue)
  let generation = 0;  // a newer filter wins over an older response still on its way
  let active = null;

  const cssToken = (value) => String(value || "none").toLowerCase().replace(/[^a-z0-9-]+/g, "-");

  // -- loading -------------------------------------------------------------------------------

  function filterParams() {
    const params = new URLSearchParams();
    for (const name of ["state", "check", "q", "sort"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    return params;
  }

  async function load({ reset = false, from = 0 } = {}) {
    if (reset) {
      start = from;
      generation += 1;
      rows.clear();
      order = [];
      active = null;
      list.replaceChildren();
    }
    const mine = generation;
    const params = filterParams();
    params.set("offset", String(start + order.length));
    params.set("limit", String(PAGE));
    listStatus.textContent = "Loading…";
    try {
      const { data, headers } = await api("GET", `${base}/entries?${params}`);
      if (mine !== generation) return;
      total = Number(headers.get("X-Total-Count") || data.length);
      for (const entry of data) addRow(entry);
      listStatus.textContent = order.length ? "" : "No entries match these filters.";
    } catch (error) {
      if (mine === generation) listStatus.textContent = `Could not load the entries: ${error.message}`;
    }
    count.textContent = start ? `#${start + 1} to #${start + order.length} of ${total} shown`
      : `${order.length} of ${total} shown`;
    more.hidden = start + order.length >= total;
  }

  function addRow(data) {
    if (rows.has(data.id)) return;
    const li = template.content.firstElementChild.cloneNode(true);
    const row = { data, li, textarea: li.querySelector("textarea.msgstr"), dirty: false, suggestions: null,
                  lastAction: "save" };
    rows.set(data.id, row);
    order.push(data.id);
    li.dataset.id = data.id;
    fill(row, true);
    li.addEventListener("click", (event) => onClick(row, event));
    row.textarea.addEventListener("focus", () => activate(row));
    row.textarea.addEventListener("input", () => {
      row.dirty = row.textarea.value !== row.data.msgstr;
      li.classList.toggle("dirty", row.dirty);
      row.check();
    });
    row.check = debounce(() => liveCheck(row), 300);
    list.append(li);
  }

  // -- showing an entry ----------------------------------------------------------------------

  function fill(row, replaceText) {
    const { data, li } = row;
    const q = (selector) => li.querySelector(selector);
    li.className = `entry s-${cssToken(data.state)}${row === active ? " active" : ""}${row.dirty ? " dirty" : ""}`;
    li.dataset.state = data.state;
    q(".num").textContent = `#${data.index}`;
    const badge = q(".badge.state");
    badge.textContent = data.state + (data.approved_by ? ` by ${data.approved_by}` : "");
    badge.className = `badge state s-${cssToken(data.state)}`;
    const machine = data.machine || {};
    q(".confidence").textContent = data.confidence === null || data.confidence === undefined ? ""
      : `MT confidence ${Math.round(data.confidence * 100)} %${machine.origin ? ` (${machine.origin})` : ""}`;
    q(".refs").textContent = (data.references || []).join(" ");
    q(".comment").textContent = data.comment || "";
    q(".ctx.before").textContent = (data.context?.before || []).join(" ");
    q(".ctx.after").textContent = (data.context?.after || []).join(" ");
    const msgid = q(".msgid");
    msgid.replaceChildren();
    for (const part of data.source_parts || [{ text: data.msgid }]) {
      if (!part.term) { msgid.append(document.createTextNode(part.text)); continue; }
      const mark = el("mark", "term", part.text);
      const target = part.term.keep ? "keep as it is" : part.term.target;
      mark.title = part.term.note ? `${target} — ${part.term.note}` : target;
      msgid.append(mark);
    }
    const previous = q(".previous");
    previous.hidden = !data.previous_msgid;
    previous.textContent = data.previous_msgid ? `Before the source changed: ${data.previous_msgid}` : "";
    if (replaceText) {
      row.textarea.value = data.msgstr || "";
      const longest = Math.max(data.msgid.length, (data.msgstr || "").length);
      row.textarea.rows = Math.min(12, Math.max(2, Math.ceil(longest / 60) + 1));  // room for the whole text
      row.dirty = false;
      li.classList.remove("dirty");
    }
    if (data.msgid_plural) {
      row.textarea.readOnly = true;
      row.textarea.title = "Plural entries are edited in a PO editor";
    }
    renderProblems(row, data.problems || []);
    q('[data-act="accept"]').disabled = data.state !== "machine";
    const approve = q('[data-act="approve"]');
    if (approve) approve.disabled = data.state === "approved" || data.state === "untranslated";
  }

  function renderProblems(row, problems) {
    const ul = row.li.querySelector(".problems");
    ul.replaceChildren(...problems.map((p) => {
      const li = el("li", `problem ${cssToken(p.severity)}`);
      li.append(el("span", "check", p.check), document.createTextNode(` ${p.message}`));
      return li;
    }));
  }

  function setStatus(row, text, isError = false) {
    const status = row.li.querySelector(".status");
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  function activate(row) {
    if (active === row) return;
    if (active) active.li.classList.remove("active");
    active = row;
    row.li.classList.add("active");
    loadSuggestions(row);
  }

  function focusRow(row) {
    row.textarea.focus();
    row.li.scrollIntoView({ block: "nearest" });
  }

  // -- checks and suggestions ----------------------------------------------------------------

  async function liveCheck(row) {
    const msgstr = row.textarea.value;
    try {
      const { data } = await api("POST", "/api/check", { language: lang, domain, id: row.data.id, msgstr });
      if (row.textarea.value === msgstr) renderProblems(row, data.problems);
    } catch (error) {
      setStatus(row, `Checks unavailable: ${error.message}`, true);
    }
  }

  async function loadSuggestions(row) {
    if (row.suggestions) return;
    row.suggestions = [];
    const ol = row.li.querySelector(".suggestions");
    try {
      const { data } = await api("GET", `${base}/entries/${encodeURIComponent(row.data.id)}/suggestions`);
      row.suggestions = data;
      ol.replaceChildren(...data.map((match, number) => {
        const li = el("li", "suggestion");
        const use = el("button", "use", `Use (Alt+${number + 1})`);
        use.type = "button";
        use.addEventListener("click", () => useSuggestion(row, number));
        li.append(use, el("span", "score", match.exact ? "exact" : `${Math.round(match.score * 100)} %`),
          el("span", "target", match.target), el("span", "from", `${match.source} — ${match.domain}`));
        return li;
      }));
    } catch (error) {
      row.suggestions = null;
    }
  }

  function useSuggestion(row, number) {
    const match = (row.suggestions || [])[number];
    if (!match) return;
    row.textarea.value = match.target;
    row.textarea.dispatchEvent(new Event("input"));
    row.textarea.focus();
  }

  // -- saving --------------------------------------------------------------------------------

  const ACTIONS = {
    save: (row) => ({ body: { msgstr: row.textarea.value, state: "translated" }, done: "Saved" }),
    accept: () => ({ body: { state: "translated" }, done: "Accepted" }),
    "needs-work": (row) => ({ body: { msgstr: row.textarea.value, state: "needs-work" }, done: "Marked as needs work" }),
    approve: (row) => ({ body: { msgstr: row.textarea.value, state: "approved" }, done: "Approved" }),
  };

  async function run(row, action) {
    if (action === "approve" && !canReview) return false;
    const { body, done } = ACTIONS[action](row);
    row.lastAction = action;
    setStatus(row, "Saving…");
    try {
      const { data } = await api("PUT", `${base}/entries/${encodeURIComponent(row.data.id)}`,
        { ...body, version: row.data.version });
      row.data = data.entry;
      fill(row, true);
      row.li.querySelector(".conflict").hidden = true;
      setStatus(row, data.changed ? done : `${done} (nothing changed)`);
      afterChange(row);
      return true;
    } catch (error) {
      if (error.status === 409) showConflict(row, error.body.current);
      else setStatus(row, error.message, true);
      return false;
    }
  }

  function showConflict(row, current) {
    row.conflict = current;
    const box = row.li.querySelector(".conflict");
    box.querySelector(".theirs").textContent = current.msgstr || "(empty)";
    const badge = box.querySelector(".their-state");
    badge.textContent = current.state;
    badge.className = `their-state badge s-${cssToken(current.state)}`;
    box.querySelector(".yours").textContent = row.textarea.value || "(empty)";
    box.hidden = false;
    setStatus(row, "Not saved: conflict", true);
  }

  function resolveConflict(row, keepMine) {
    const current = row.conflict;
    if (!current) return;
    const mine = row.textarea.value;
    row.data = current;
    row.conflict = null;
    row.li.querySelector(".conflict").hidden = true;
    fill(row, true);
    if (keepMine) {
      row.textarea.value = mine;
      row.dirty = mine !== current.msgstr;
      run(row, row.lastAction === "accept" ? "save" : row.lastAction);
    } else {
      setStatus(row, "Took their version");
    }
  }

  async function saveAndNext(row) {
    if (!(await run(row, "save"))) return;
    let next = findTodo(row);
    while (!next && start + order.length < total) {  // the next one may be on a page not loaded yet
      const loaded = order.length;
      await load();
      if (order.length === loaded) break;  // could not load more: stop here
      next = findTodo(row);
    }
    if (next) focusRow(next);
    else setStatus(row, "Saved. No more entries need work in this list.");
  }

  function findTodo(after) {
    const start = order.indexOf(after.data.id);
    for (const id of order.slice(start + 1)) {
      const row = rows.get(id);
      if (TODO.has(row.data.state)) return row;
    }
    return null;
  }

  function move(row, delta) {
    const index = row ? order.indexOf(row.data.id) + delta : 0;
    const id = order[Math.max(0, Math.min(order.length - 1, index))];
    if (id) focusRow(rows.get(id));
  }

  // -- history -------------------------------------------------------------------------------

  async function toggleHistory(row) {
    const ol = row.li.querySelector(".history");
    if (!ol.hidden) { ol.hidden = true; return; }
    try {
      const { data } = await api("GET", `${base}/entries/${encodeURIComponent(row.data.id)}/history`);
      ol.replaceChildren(...(data.length ? data.map((item) => historyItem(row, item))
        : [el("li", "empty", "No changes made in the web UI yet.")]));
      ol.hidden = false;
    } catch (error) {
      setStatus(row, error.message, true);
    }
  }

  function historyItem(row, item) {
    const li = el("li", "change");
    li.append(el("span", "when", item.at), el("span", "user", item.user), el("span", "action", item.action),
      el("span", "states", `${item.state_before} → ${item.state_after}`));
    const texts = el("div", "texts");
    texts.append(el("del", "before", item.before || "(empty)"), el("ins", "after", item.after || "(empty)"));
    const revert = el("button", "revert", "Revert to before");
    revert.type = "button";
    revert.addEventListener("click", async () => {
      try {
        const { data } = await api("POST", `${base}/entries/${encodeURIComponent(row.data.id)}/revert`,
          { history_id: item.id, version: row.data.version });
        row.data = data.entry;
        fill(row, true);
        row.li.querySelector(".history").hidden = true;
        setStatus(row, "Reverted");
        afterChange(row);
      } catch (error) {
        if (error.status === 409) showConflict(row, error.body.current);
        else setStatus(row, error.message, true);
      }
    });
    li.append(texts, revert);
    return li;
  }

  // -- summary and preview -------------------------------------------------------------------

  async function refreshSummary() {
    try {
      const { data } = await api("GET", base);
      const parts = Object.entries(data.counts).map(([state, n]) => `${state} ${n}`);
      document.getElementById("summary").textContent =
        `${parts.join(" · ")} — ${data.done_percent} % done, ${data.blocking} blocking`;
    } catch (_) { /* the list shows its own errors */ }
  }

  const refreshPreview = debounce(() => { if (!previewPane.hidden) loadPreview(); }, 400);

  function afterChange() {
    refreshSummary();
    refreshPreview();
  }

  async function loadPreview() {
    try {
      const { data } = await api("GET", `${base}/preview`);
      previewBody.replaceChildren();
      if (data.layout === "pre") {
        const pre = el("div", "pre");
        for (const piece of data.pieces) pre.append("state" in piece ? segment(piece) : document.createTextNode(piece.text));
        previewBody.append(pre);
        return;
      }
      let block = null;
      let current = null;
      for (const piece of data.pieces) {
        if (piece.block !== current) {
          block = el("p", `block kind-${cssToken(piece.kind)}`);
          previewBody.append(block);
          current = piece.block;
        } else {
          block.append(" ");
        }
        block.append(segment(piece));
      }
    } catch (error) {
      previewBody.replaceChildren(el("p", "error", `No preview: ${error.message}`));
    }
  }

  function segment(piece) {
    const span = el("span", `seg s-${cssToken(piece.state)}`, piece.text);
    span.title = piece.state;
    if (piece.id) {
      span.dataset.id = piece.id;
      span.tabIndex = 0;
      span.setAttribute("role", "button");
      span.title = `${piece.state} — click to edit`;
    }
    return span;
  }

  async function openEntry(id) {
    let row = rows.get(id);
    if (!row) {  // not in the list: the whole catalogue in document order, from a few entries before it
      form.reset();
      const { data } = await api("GET", `${base}/entries/${encodeURIComponent(id)}`);
      await load({ reset: true, from: Math.max(0, data.index - 6) });
      row = rows.get(id);
    }
    if (row) {
      focusRow(row);
      row.li.scrollIntoView({ block: "center" });
    }
  }

  // -- events --------------------------------------------------------------------------------

  function onClick(row, event) {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const action = button.dataset.act;
    if (action in ACTIONS) run(row, action);
    else if (action === "history") toggleHistory(row);
    else if (action === "use-theirs") resolveConflict(row, false);
    else if (action === "keep-mine") resolveConflict(row, true);
  }

  function rowOf(node) {
    const li = node && node.closest ? node.closest("li.entry") : null;
    return li ? rows.get(li.dataset.id) : null;
  }

  document.addEventListener("keydown", (event) => {
    const row = rowOf(document.activeElement) || active;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey) {
      if (!row) return;
      event.preventDefault();
      saveAndNext(row);
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(row, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.altKey && !event.ctrlKey && event.code === "KeyA" && row) {
      event.preventDefault();
      run(row, "accept");
    } else if (event.altKey && !event.ctrlKey && event.code === "KeyN" && row) {
      event.preventDefault();
      run(row, "needs-work");
    } else if (event.altKey && /^Digit[1-3]$/.test(event.code) && row) {
      event.preventDefault();
      useSuggestion(row, Number(event.code.slice(5)) - 1);
    } else if (event.key === "Escape" && row && document.activeElement === row.textarea && row.dirty) {
      row.textarea.value = row.data.msgstr;
      row.textarea.dispatchEvent(new Event("input"));
    }
  });

  previewBody.addEventListener("click", (event) => {
    const span = event.target.closest("span.seg[data-id]");
    if (span) openEntry(span.dataset.id);
  });
  previewBody.addEventListener("keydown", (event) => {
    const span = event.target.closest("span.seg[data-id]");
    if (span && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openEntry(span.dataset.id);
    }
  });
  previewButton.addEventListener("click", () => {
    previewPane.hidden = !previewPane.hidden;
    previewButton.setAttribute("aria-pressed", String(!previewPane.hidden));
    previewButton.textContent = previewPane.hidden ? "Show preview" : "Hide preview";
    root.classList.toggle("with-preview", !previewPane.hidden);
    if (!previewPane.hidden) loadPreview();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); load({ reset: true }); });
  form.addEventListener("change", (event) => { if (event.target.name !== "q") load({ reset: true }); });
  form.elements.q.addEventListener("input", debounce(() => load({ reset: true }), 300));
  more.addEventListener("click", () => load());

  load({ reset: true });
  refreshSummary();
})();
