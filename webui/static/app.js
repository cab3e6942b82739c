// Shared by the pages: JSON requests with the session's CSRF token, and small DOM helpers.
// Data from catalogues is only ever put into the page with textContent (never innerHTML).
"use strict";

const L10n = (() => {
  const state = { leaving: false };  // set when the page is left on purpose (no unsaved-changes prompt)
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  // `toLogin`: on 401 go to the login page (and back here after it). Requests the page makes on its own
  // (checks while typing, suggestions, counts) pass false: a translator is not taken away mid-sentence.
  async function api(method, url, body, { toLogin = true } = {}) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRF-Token"] = csrf();
      options.body = JSON.stringify(body || {});
    }
    const response = await fetch(url, options);
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    if (response.status === 401 && toLogin) {  // the session ended: log in again and come back here
      // Unsaved typing is already in localStorage (editor.js): leave without the "unsaved changes" prompt.
      state.leaving = true;
      const given = data && typeof data.login === "string" && /^\/(?!\/)/.test(data.login) ? data.login : null;
      const login = given || document.getElementById("editor")?.dataset.loginUrl || "/login";
      const next = encodeURIComponent(location.pathname + location.search);
      window.location.assign(`${login}?next=${next}&reason=session-ended`);
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return { data, headers: response.headers };
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  // Times from the server are ISO 8601 in UTC; people read them in their own time zone.
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

  function timeEl(iso) {
    const node = document.createElement("time");
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) return el("span", "time", iso || "");
    node.dateTime = iso;
    node.textContent = dateTime.format(date);
    node.title = `${iso} (UTC)`;
    return node;
  }

  return { api, el, debounce, timeEl, ApiError, state };
})();
