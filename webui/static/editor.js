// The catalogue editor: entries from the JSON API, saved one by one with their version.
// Everything taken from catalogues or sources goes into the page as text (textContent / text nodes).
// Unsaved typing is a *draft*: kept per entry in memory and in localStorage (keyed by user, language,
// catalogue and entry), so it survives a filter change, a reload and a session that ended.
"use strict";

(() => {
  const root = document.getElementById("editor");
  if (!root) return;
  const { api, el, debounce, timeEl } = L10n;
  const lang = root.dataset.lang;
  const domain = root.dataset.domain;
  const user = root.dataset.user;
  const canReview = root.dataset.canReview === "1";
  const icons = JSON.parse(root.dataset.stateIcons || "{}");
  const base = `/api/catalogues/${encodeURIComponent(lang)}/${encodeURIComponent(domain)}`;
  const PAGE = 200;  // entries per request: a 10,000-entry catalogue is shown a page at a time
  const TODO = new Set(["untranslated", "machine", "needs-work"]);

  const list = document.getElementById("entries");
  const template = document.getElementById("entry-template");
  const listStatus = document.getElementById("list-status");
  const more = document.getElementById("more");
  const count = document.getElementById("count");
  const form = document.getElementById("filters");
  const draftsBanner = document.getElementById("drafts");
  const previewPane = document.getElementById("preview");
  const previewBody = document.getElementById("preview-body");  // text view (plain text, Markdown)
  const previewFrame = document.getElementById("preview-frame");  // rendered view (HTML)
  const previewButton = document.getElementById("toggle-preview");
  const confirmDialog = document.getElementById("confirm-approve");

  const rows = new Map();  // id -> row {data, li, textarea, dirty, ...}
  let order = [];  // ids in list order
  let total = 0;
  let start = 0;  // offset of the first listed entry (a preview click can start the list mid-catalogue)
  let generation = 0;  // a newer filter wins over an older response still on its way
  let active = null;

  const cssToken = (value) => String(value || "none").toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  const stateLabel = (state) => `${icons[state] || ""} ${state}`.trim();

  // A state as the eye and the screen reader get it: the icon for the eye, the name for both.
  function showState(node, state, extra = "") {
    const icon = el("span", "icon", icons[state] || "");
    icon.setAttribute("aria-hidden", "true");
    node.replaceChildren(icon, ` ${state}${extra}`);
    node.className = `${node.className.split(" s-")[0]} s-${cssToken(state)}`;
  }

  // -- drafts --------------------------------------------------------------------------------

  const drafts = (() => {
    const prefix = `l10n-draft:${[user, lang, domain].map(encodeURIComponent).join("/")}/`;
    const memory = new Map();  // id -> {text, base, version, index, at}; also works without localStorage
    try {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (!key.startsWith(prefix)) continue;
        try { memory.set(decodeURIComponent(key.slice(prefix.length)), JSON.parse(localStorage.getItem(key))); }
        catch (_) { /* a damaged value is skipped */ }
      }
    } catch (_) { /* no storage (private mode, disabled): drafts live as long as the page */ }
    const store = (action) => { try { action(); } catch (_) { /* full or disabled: memory still has it */ } };
    return {
      get: (id) => memory.get(id),
      all: () => [...memory.entries()],
      get size() { return memory.size; },
      set(id, draft) {
        memory.set(id, draft);
        store(() => localStorage.setItem(prefix + encodeURIComponent(id), JSON.stringify(draft)));
      },
      remove(id) {
        memory.delete(id);
        store(() => localStorage.removeItem(prefix + encodeURIComponent(id)));
      },
    };
  })();

  function keepDraft(row) {
    const text = row.textarea.value;
    row.dirty = text !== (row.data.msgstr || "");
    if (row.dirty) {
      const old = drafts.get(row.data.id);
      drafts.set(row.data.id, { text, base: old ? old.base : row.data.msgstr, version: old ? old.version : row.data.version,
                                index: row.data.index, at: new Date().toISOString() });
    } else {
      drafts.remove(row.data.id);
      row.li.querySelector(".draft-offer").hidden = true;
    }
    showDirty(row);
    updateActions(row);
    showDrafts();
  }

  function showDirty(row) {
    row.li.classList.toggle("dirty", row.dirty);
    row.li.querySelector(".badge.draft").hidden = !row.dirty;
  }

  // Entries with a draft that are not in the list now (another filter, not loaded yet) are listed here.
  function showDrafts() {
    const away = drafts.all().filter(([id]) => !rows.has(id));
    draftsBanner.hidden = away.length === 0;
    if (!away.length) { draftsBanner.replaceChildren(); return; }
    const text = away.length === 1 ? "1 entry not shown here has an unsaved draft:"
      : `${away.length} entries not shown here have unsaved drafts:`;
    draftsBanner.replaceChildren(el("span", "", text), ...away.slice(0, 20).map(([id, draft]) => {
      const button = el("button", "link", `#${draft.index || "?"}`);
      button.type = "button";
      button.setAttribute("aria-label", `Open entry ${draft.index || ""} (unsaved draft)`);
      button.addEventListener("click", () => openEntry(id));
      return button;
    }));
  }

  // A draft typed before (another filter, before a reload or a login) goes back into its entry.
  function offerDraft(row) {
    const draft = drafts.get(row.data.id);
    if (!draft) return;
    if (draft.text === (row.data.msgstr || "")) { drafts.remove(row.data.id); return; }
    row.textarea.value = draft.text;
    fitRows(row);
    keepDraft(row);
    const offer = row.li.querySelector(".draft-offer");
    const when = timeEl(draft.at);
    offer.querySelector(".draft-text").replaceChildren("Your unsaved draft from ", when,
      " is back in the box. Save it, or");
    offer.hidden = false;
    if (draft.version !== row.data.version && draft.base !== row.data.msgstr) {
      showConflict(row, row.data, null);  // saved by someone since the draft was typed: show both
    }
  }

  window.addEventListener("beforeunload", (event) => {
    if (L10n.state.leaving || drafts.size === 0) return;
    event.preventDefault();
    event.returnValue = "";  // the browser asks "Leave site? Changes you made may not be saved."
  });

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
    showDrafts();
  }

  function addRow(data) {
    if (rows.has(data.id)) return;
    const li = template.content.firstElementChild.cloneNode(true);
    const row = { data, li, textarea: li.querySelector("textarea.msgstr"), dirty: false, suggestions: null,
                  lastAction: "save" };
    rows.set(data.id, row);
    order.push(data.id);
    li.dataset.id = data.id;
    li.id = `entry-${data.id}`;
    fill(row, true);
    li.addEventListener("click", (event) => onClick(row, event));
    li.addEventListener("focusin", () => activate(row));
    row.textarea.addEventListener("input", () => {
      keepDraft(row);
      fitRows(row);
      row.check();
    });
    row.check = debounce(() => liveCheck(row), 300);
    list.append(li);
    fitRows(row);
    offerDraft(row);
  }

  // -- showing an entry ----------------------------------------------------------------------

  function fitRows(row) {  // room for the whole text (up to 12 lines), one line for a heading
    const box = row.textarea;
    const lines = box.value.split("\n").length;
    if (!box.isConnected) {  // not laid out yet: a guess, and addRow fits it again
      box.rows = Math.min(12, Math.max(1, Math.ceil(box.value.length / 90), lines));
      return;
    }
    box.rows = Math.min(12, Math.max(1, lines));
    while (box.rows < 12 && box.scrollHeight > box.clientHeight + 1) box.rows += 1;
  }

  function fill(row, replaceText) {
    const { data, li } = row;
    const q = (selector) => li.querySelector(selector);
    li.className = `entry s-${cssToken(data.state)}${row === active ? " active" : ""}${row.dirty ? " dirty" : ""}`;
    li.dataset.state = data.state;
    q(".num").textContent = `#${data.index}`;
    showState(q(".badge.state"), data.state, data.approved_by ? ` by ${data.approved_by}` : "");
    const machine = data.machine || {};
    q(".confidence").textContent = data.confidence === null || data.confidence === undefined ? ""
      : `MT ${Math.round(data.confidence * 100)} %${machine.origin ? ` (${machine.origin})` : ""}`;
    q(".refs").textContent = (data.references || []).join(" ");
    q(".kind").textContent = data.comment || "";
    q(".ctx.before .ctx-text").textContent = (data.context?.before || []).join(" ");
    q(".ctx.after .ctx-text").textContent = (data.context?.after || []).join(" ");
    q(".ctx.before").hidden = !(data.context?.before || []).length;
    q(".ctx.after").hidden = !(data.context?.after || []).length;
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
      row.dirty = false;
      showDirty(row);
    }
    fitRows(row);
    const locked = data.msgid_plural ? "Plural entries are edited in a PO editor"
      : !canReview && data.state === "approved" ? "Approved: a reviewer changes it" : "";
    row.textarea.readOnly = Boolean(locked);
    row.textarea.title = locked;
    row.textarea.setAttribute("aria-label", `Translation of entry ${data.index}`);
    renderProblems(row.li.querySelector(".problems"), data.problems || []);
    updateActions(row);
  }

  // Only the actions that apply to the entry as it is now are shown.
  function updateActions(row) {
    const { data, li } = row;
    const text = row.textarea.value.trim();
    const editable = !data.msgid_plural && (canReview || data.state !== "approved");
    const show = (act, yes) => { const b = li.querySelector(`[data-act="${act}"]`); if (b) b.hidden = !yes; };
    show("save", editable && text !== "");
    show("accept", editable && data.state === "machine" && !row.dirty);
    show("needs-work", editable && text !== "" && data.state !== "needs-work");
    show("approve", canReview && !data.msgid_plural && text !== "" && (data.state !== "approved" || row.dirty));
  }

  function renderProblems(ul, problems) {
    ul.replaceChildren(...problems.map((p) => {
      const li = el("li", `problem ${cssToken(p.severity)}`);
      const [icon, word] = p.severity === "error" ? ["✖", "Error"] : p.severity === "warning" ? ["⚠", "Warning"]
        : ["ℹ", p.severity];
      const severity = el("span", "severity", ` ${word}`);
      severity.prepend(el("span", "icon", icon));
      severity.firstChild.setAttribute("aria-hidden", "true");
      li.append(severity, el("span", "check", p.check), document.createTextNode(` ${p.message}`));
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
    row.textarea.focus({ preventScroll: true });
    row.li.scrollIntoView({ block: "nearest" });  // scroll-margin-top keeps it clear of the filter bar
  }

  // -- checks and suggestions ----------------------------------------------------------------

  async function liveCheck(row) {
    const msgstr = row.textarea.value;
    try {
      const { data } = await api("POST", "/api/check", { language: lang, domain, id: row.data.id, msgstr },
        { toLogin: false });
      if (row.textarea.value === msgstr) renderProblems(row.li.querySelector(".problems"), data.problems);
    } catch (error) {
      setStatus(row, error.status === 401 ? "Your session ended: your text is kept here. Save to log in again."
        : `Checks unavailable: ${error.message}`, true);
    }
  }

  async function loadSuggestions(row) {
    if (row.suggestions) return;
    row.suggestions = [];
    const ol = row.li.querySelector(".suggestions");
    try {
      const { data } = await api("GET", `${base}/entries/${encodeURIComponent(row.data.id)}/suggestions`,
        undefined, { toLogin: false });
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

  async function run(row, action, extra = {}) {
    if (action === "approve" && !canReview) return false;
    if (action === "accept" && (row.data.state !== "machine" || row.dirty)) return false;
    const { body, done } = ACTIONS[action](row);
    row.lastAction = action;
    setStatus(row, "Saving…");
    try {
      const { data } = await api("PUT", `${base}/entries/${encodeURIComponent(row.data.id)}`,
        { ...body, ...extra, version: row.data.version });
      row.data = data.entry;
      if (body.msgstr !== undefined && row.textarea.value !== body.msgstr) {
        fill(row, false);  // typed on while saving: keep that typing as the draft
        keepDraft(row);
      } else {
        drafts.remove(row.data.id);
        fill(row, true);
      }
      row.li.querySelector(".conflict").hidden = true;
      row.li.querySelector(".draft-offer").hidden = true;
      setStatus(row, data.changed ? done + (extra.confirm_blocking ? " (problems confirmed)" : "")
        : `${done} (nothing changed)`);
      showDrafts();
      afterChange(row);
      return true;
    } catch (error) {
      if (error.status === 409 && error.body.needs_confirmation) {
        setStatus(row, "Not approved yet: it has blocking problems", true);
        if (await confirmBlocking(error.body.problems || [])) return run(row, action, { confirm_blocking: true });
        setStatus(row, "Not approved: blocking problems");
        row.textarea.focus();
      } else if (error.status === 409) {
        showConflict(row, error.body.current, error.body);
      } else if (error.status === 401) {
        setStatus(row, "Your session ended: your text is kept in this browser. Log in again to save it.", true);
      } else {
        setStatus(row, error.message, true);
      }
      return false;
    }
  }

  // Approving over blocking problems needs an explicit yes (recorded in the history by the server).
  function confirmBlocking(problems) {
    renderProblems(confirmDialog.querySelector(".problems"), problems);
    return new Promise((resolve) => {
      const answer = (event) => {
        const button = event.target.closest("button[data-answer]");
        if (button) confirmDialog.close(button.dataset.answer);
      };
      confirmDialog.addEventListener("click", answer);
      confirmDialog.addEventListener("close", () => {
        confirmDialog.removeEventListener("click", answer);
        resolve(confirmDialog.returnValue === "confirm");
      }, { once: true });
      confirmDialog.returnValue = "";
      confirmDialog.showModal();
    });
  }

  // -- conflicts -----------------------------------------------------------------------------

  function showConflict(row, current, info) {
    row.conflict = current;
    const box = row.li.querySelector(".conflict");
    const who = box.querySelector(".conflict-who");
    if (info && ("changed_by" in info || "changed_at" in info)) {
      const by = info.changed_by ? el("strong", "", info.changed_by) : el("strong", "", "someone outside the web UI");
      const parts = [by, " changed this entry"];
      if (info.changed_at) parts.push(" at ", timeEl(info.changed_at));
      parts.push(" while you were editing.");
      if (!info.changed_by) parts.push(" (l10n pretranslate, l10n update or a PO editor)");
      who.replaceChildren(...parts);
    } else if (info) {
      who.replaceChildren(el("strong", "", "Someone else changed this entry while you were editing."));
    } else {
      who.replaceChildren(el("strong", "", "This entry was saved by someone after you typed your draft."));
    }
    const [theirs, yours] = wordDiff(current.msgstr || "", row.textarea.value);
    box.querySelector(".theirs").replaceChildren(...(current.msgstr ? theirs : [el("em", "", "(empty)")]));
    box.querySelector(".yours").replaceChildren(...(row.textarea.value ? yours : [el("em", "", "(empty)")]));
    showState(box.querySelector(".their-state"), current.state);
    box.hidden = false;
    if (info) setStatus(row, "Not saved: conflict", true);
  }

  // Word-level difference (longest common subsequence of words): nodes for "theirs" and "yours"
  // with the words only one side has in <mark class="diff">.
  function wordDiff(a, b) {
    const split = (text) => text.split(/(\s+)/).filter((token) => token !== "");
    const x = split(a);
    const y = split(b);
    if (x.length * y.length > 250000) return [[document.createTextNode(a)], [document.createTextNode(b)]];
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint16Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i -= 1) {
      for (let j = y.length - 1; j >= 0; j -= 1) {
        lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const left = [];
    const right = [];
    const put = (out, token, changed) => {
      const last = out[out.length - 1];
      const same = last && (changed ? last.nodeName === "MARK" : last.nodeType === Node.TEXT_NODE);
      if (same) last.textContent += token;
      else out.push(changed && token.trim() ? el("mark", "diff", token) : document.createTextNode(token));
    };
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) { put(left, x[i], false); put(right, y[j], false); i += 1; j += 1; }
      else if (j < y.length && (i >= x.length || lcs[i][j + 1] >= lcs[i + 1][j])) { put(right, y[j], !/^\s+$/.test(y[j])); j += 1; }
      else { put(left, x[i], !/^\s+$/.test(x[i])); i += 1; }
    }
    return [left, right];
  }

  function resolveConflict(row, keepMine) {
    const current = row.conflict;
    if (!current) return;
    const mine = row.textarea.value;
    row.data = current;
    row.conflict = null;
    row.li.querySelector(".conflict").hidden = true;
    row.li.querySelector(".draft-offer").hidden = true;
    fill(row, true);
    if (keepMine) {
      row.textarea.value = mine;
      keepDraft(row);
      run(row, row.lastAction === "accept" ? "save" : row.lastAction);
    } else {
      drafts.remove(row.data.id);
      showDrafts();
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
    const from = order.indexOf(after.data.id);
    for (const id of order.slice(from + 1)) {
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
    const button = row.li.querySelector('[data-act="history"]');
    if (!ol.hidden) {
      ol.hidden = true;
      button.setAttribute("aria-expanded", "false");
      return;
    }
    try {
      const { data } = await api("GET", `${base}/entries/${encodeURIComponent(row.data.id)}/history`);
      ol.replaceChildren(...(data.length ? data.map((item) => historyItem(row, item))
        : [el("li", "empty", "No changes made in the web UI yet.")]));
      ol.hidden = false;
      button.setAttribute("aria-expanded", "true");
      row.li.scrollIntoView({ block: "nearest" });  // the whole entry below the sticky filter bar
    } catch (error) {
      setStatus(row, error.message, true);
    }
  }

  function historyItem(row, item) {
    const li = el("li", "change");
    li.append(timeEl(item.at), el("span", "user", item.user), el("span", "action", item.action),
      el("span", "states", `${stateLabel(item.state_before)} → ${stateLabel(item.state_after)}`));
    if ((item.confirmed_problems || []).length) {
      li.append(el("span", "confirmed", `⚠ approved over blocking problems: ${item.confirmed_problems.join(", ")}`));
    }
    const texts = el("div", "texts");
    texts.append(el("del", "before", item.before || "(empty)"), el("ins", "after", item.after || "(empty)"));
    const revert = el("button", "revert", "Revert to before");
    revert.type = "button";
    revert.addEventListener("click", async () => {
      try {
        const { data } = await api("POST", `${base}/entries/${encodeURIComponent(row.data.id)}/revert`,
          { history_id: item.id, version: row.data.version });
        row.data = data.entry;
        drafts.remove(row.data.id);
        fill(row, true);
        row.li.querySelector(".history").hidden = true;
        setStatus(row, "Reverted");
        afterChange(row);
      } catch (error) {
        if (error.status === 409) showConflict(row, error.body.current, error.body);
        else setStatus(row, error.message, true);
      }
    });
    li.append(texts, revert);
    return li;
  }

  // -- summary and preview -------------------------------------------------------------------

  async function refreshSummary() {
    try {
      const { data } = await api("GET", base, undefined, { toLogin: false });
      const parts = Object.entries(data.counts).map(([state, n]) => `${stateLabel(state)} ${n}`);
      const summary = document.getElementById("summary");
      summary.replaceChildren(`${parts.join(" · ")} — ${data.done_percent} % done, `);
      if (data.blocking) {
        const show = el("button", "link", `✖ ${data.blocking} blocking`);
        show.type = "button";
        show.addEventListener("click", () => { form.elements.check.value = "error"; load({ reset: true }); });
        summary.append(show);
      } else {
        summary.append("0 blocking");
      }
    } catch (_) { /* the list shows its own errors */ }
  }

  const refreshPreview = debounce((row) => { if (!previewPane.hidden) loadPreview(row); }, 400);

  function afterChange(row) {
    refreshSummary();
    refreshPreview(row);
  }

  async function loadPreview(row) {
    if (previewFrame) {  // HTML: the page rendered by the server, in a sandboxed frame
      // Reloaded after a save: the frame scrolls to the sentence just saved (its marker's id).
      const at = row ? `#l10n-${encodeURIComponent(row.data.id)}` : "";
      // Scrolling to that fragment scrolls the frame's ancestors too: this page stays where it was.
      const [x, y, paneTop] = [window.scrollX, window.scrollY, previewPane.scrollTop];
      previewFrame.addEventListener("load", () => {
        window.scrollTo(x, y);
        previewPane.scrollTop = paneTop;
      }, { once: true });
      previewFrame.src = `${root.dataset.renderedUrl}?t=${Date.now()}${at}`;
      return;
    }
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
      try {
        const { data } = await api("GET", `${base}/entries/${encodeURIComponent(id)}`);
        await load({ reset: true, from: Math.max(0, data.index - 6) });
      } catch (error) {
        listStatus.textContent = `Could not open the entry: ${error.message}`;
        return;
      }
      row = rows.get(id);
    }
    if (row) {
      focusRow(row);
      row.li.scrollIntoView({ block: "center" });
    }
  }

  // A click in the rendered preview navigates this page to "#entry-ID" (the frame runs no script).
  function openFromHash() {
    const match = /^#entry-(.+)$/.exec(location.hash);
    if (!match) return false;
    history.replaceState(null, "", location.pathname);  // clicking the same sentence again works too
    openEntry(decodeURIComponent(match[1]));
    return true;
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
    else if (action === "discard-draft") {
      row.textarea.value = row.data.msgstr || "";
      row.textarea.dispatchEvent(new Event("input"));
      row.li.querySelector(".conflict").hidden = true;
      setStatus(row, "Draft discarded");
    }
  }

  function rowOf(node) {
    const li = node && node.closest ? node.closest("li.entry") : null;
    return li ? rows.get(li.dataset.id) : null;
  }

  document.addEventListener("keydown", (event) => {
    if (confirmDialog.open) return;
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

  if (previewBody) {
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
  }
  previewButton.addEventListener("click", () => {
    previewPane.hidden = !previewPane.hidden;
    previewButton.setAttribute("aria-pressed", String(!previewPane.hidden));
    previewButton.textContent = previewPane.hidden ? "Show preview" : "Hide preview";
    root.classList.toggle("with-preview", !previewPane.hidden);
    rows.forEach(fitRows);
    if (!previewPane.hidden) loadPreview();
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); load({ reset: true }); });
  form.addEventListener("change", (event) => { if (event.target.name !== "q") load({ reset: true }); });
  form.elements.q.addEventListener("input", debounce(() => load({ reset: true }), 300));
  more.addEventListener("click", () => load());
  window.addEventListener("hashchange", openFromHash);
  window.addEventListener("resize", debounce(() => rows.forEach(fitRows), 200));

  // The sticky filter bar's height (it wraps on narrow screens): entries scrolled to stay below it.
  const stick = () => root.style.setProperty("--sticky-height", `${form.offsetHeight}px`);
  new ResizeObserver(stick).observe(form);
  stick();

  // Filters can come in the address (the dashboard's "blocking" link: ?check=error).
  const initial = new URLSearchParams(location.search);
  for (const name of ["state", "check", "q", "sort"]) {
    const value = initial.get(name);
    const field = form.elements[name];
    if (value && (field.tagName !== "SELECT" || [...field.options].some((option) => option.value === value))) {
      field.value = value;
    }
  }
  if (location.search) history.replaceState(null, "", location.pathname + location.hash);
  if (!openFromHash()) load({ reset: true });
  refreshSummary();
})();
