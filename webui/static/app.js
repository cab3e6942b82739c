// Shared by the pages: JSON requests with the session's CSRF token, and small DOM helpers.
// Data from catalogues is only ever put into the page with textContent (never innerHTML).
"use strict";

const L10n = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, url, body) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRF-Token"] = csrf();
      options.body = JSON.stringify(body || {});
    }
    const response = await fetch(url, options);
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    if (response.status === 401) {  // the session ended: log in again and come back here
      const login = document.getElementById("editor")?.dataset.loginUrl || "/login";
      window.location.assign(`${login}?next=${encodeURIComponent(location.pathname + location.search)}`);
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

  return { api, el, debounce, ApiError };
})();
