// The committee page: sign-in with an API key, then a small router over three views (table, candidate, proposal
// form). The URL holds the whole state of a view, so links can be shared and the back button works.

import { api, ApiError, forgetKey, storedKey, storeKey } from "./api.js";
import { h, replace } from "./dom.js";
import { loadLabels, pageLanguage, t } from "./i18n.js";
import { renderTable } from "./table.js";
import { renderCandidate } from "./candidate.js";
import { renderProposal } from "./propose.js";

const main = document.getElementById("main");
const session = document.getElementById("session");
const statusRegion = document.getElementById("status");

const context = {
  me: null,
  main,
  lang: "en",
  navigate,
  href,
  announce,
  showError,
  errorMessage,
};

/** A path of this page with the language kept in the query. */
function href(path, params = new URLSearchParams()) {
  const search = new URLSearchParams(params);
  if (context.lang !== "en") search.set("lang", context.lang);
  else search.delete("lang");
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Go to another view: a new history entry, then render it. */
function navigate(url, { replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  return route();
}

/** Say something to screen-reader users and show it in the status line. */
function announce(message) {
  statusRegion.textContent = "";
  // A fresh text node after clearing makes screen readers announce a repeated message again.
  setTimeout(() => {
    statusRegion.textContent = message;
  }, 50);
  // The visible toast goes away after a while; screen readers have read it by then.
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => {
    if (statusRegion.textContent === message) statusRegion.textContent = "";
  }, 8000);
}

/** The sentence to show for an API error: ours for the usual cases, the API's detail otherwise. */
function errorMessage(error) {
  if (!(error instanceof ApiError)) return t("error.unexpected", { detail: String(error) });
  if (error.status === 401) return t("error.unauthorized");
  if (error.status === 403) return t("error.forbidden", { detail: error.problem.detail || "" });
  if (error.status === 0) return t("error.network");
  if (error.code === "illegal-transition") return t("error.illegal_transition", { detail: error.problem.detail });
  if (error.code === "conflict") return t("error.conflict");
  if (error.code === "reason-required") return t("error.reason_required");
  if (error.code === "scoring-closed") return t("error.scoring_closed");
  if (error.code === "candidate-withdrawn") return t("error.candidate_withdrawn");
  if (error.code === "candidate-not-found") return t("error.not_found");
  if (error.problem.errors?.length) {
    const details = error.problem.errors.map((e) => `${e.location}: ${e.message}`).join("; ");
    return t("error.invalid", { detail: details });
  }
  return t("error.api", { detail: error.problem.detail || error.message });
}

/** Show an error in an alert box inside `where` (or at the top of the view) and announce it. */
function showError(error, where = null) {
  const message = typeof error === "string" ? error : errorMessage(error);
  const box = h("div", { class: "notice notice-error", role: "alert", tabindex: "-1" }, message);
  const target = where ?? main;
  target.querySelector(":scope > .notice-error")?.remove();
  target.prepend(box);
  box.focus();
  if (error instanceof ApiError && error.status === 401) {
    // The key was revoked or is wrong: forget it so that the next load asks again.
    forgetKey();
    context.me = null;
    renderSession();
  }
  return box;
}

function renderSession() {
  if (!context.me) {
    replace(session);
    return;
  }
  const role = t(`role.${context.me.role}`);
  replace(
    session,
    h(
      "p",
      { class: "signed-in" },
      h("span", { "data-testid": "whoami" }, t("session.signed_in", { name: context.me.name, role })),
    ),
    h("button", { type: "button", class: "link-button", id: "sign-out", onclick: signOut }, t("session.sign_out")),
  );
}

function signOut() {
  forgetKey();
  context.me = null;
  renderSession();
  navigate(href("/committee")).then(() => announce(t("session.signed_out")));
}

function renderSignIn(message = null) {
  document.title = `${t("signin.title")} · ${t("app.title")}`;
  const input = h("input", {
    id: "api-key",
    name: "key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "api-key-help",
  });
  const form = h(
    "form",
    { class: "signin", id: "signin-form", novalidate: false },
    h("h1", { tabindex: "-1" }, t("signin.title")),
    h("p", {}, t("signin.intro")),
    h("label", { for: "api-key" }, t("signin.key_label")),
    input,
    h("p", { id: "api-key-help", class: "help" }, t("signin.key_help")),
    h("button", { type: "submit" }, t("signin.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    try {
      const me = await api("/selection/me", { key });
      storeKey(key);
      context.me = me;
      renderSession();
      announce(t("session.signed_in", { name: me.name, role: t(`role.${me.role}`) }));
      await route();
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 401
          ? t("signin.unknown_key")
          : error instanceof ApiError && error.status === 403
            ? t("signin.wrong_role")
            : errorMessage(error);
      showError(text, form);
      input.select();
    }
  });
  replace(main, form);
  if (message) showError(message, form);
}

// The path and query last rendered: a change of the fragment alone (in-page section links) is not a new view.
let rendered = null;

async function route() {
  rendered = location.pathname + location.search;
  if (!storedKey()) {
    context.me = null;
    renderSession();
    renderSignIn();
    return;
  }
  if (!context.me) {
    try {
      context.me = await api("/selection/me");
    } catch (error) {
      forgetKey();
      renderSession();
      renderSignIn(error instanceof ApiError && error.status === 403 ? t("signin.wrong_role") : errorMessage(error));
      return;
    }
    renderSession();
  }
  const path = location.pathname.replace(/\/+$/, "");
  const candidate = path.match(/^\/committee\/candidates\/(cand-[0-9a-f]{12})$/);
  if (candidate) await renderCandidate(context, candidate[1]);
  else if (path === "/committee/propose") await renderProposal(context);
  else await renderTable(context);
}

/** Links marked data-nav stay inside the page: no reload, the key and labels stay loaded. */
function onClick(event) {
  const link = event.target.closest("a[data-nav]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  navigate(link.getAttribute("href")).then(() => main.focus());
}

async function boot() {
  context.lang = pageLanguage();
  await loadLabels(context.lang);
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", () => {
    if (location.pathname + location.search !== rendered) route();
  });
  document.getElementById("language-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // A full load: the document's language, direction and every label change.
    const search = new URLSearchParams(location.search);
    search.set("lang", document.getElementById("language-select").value);
    location.assign(`${location.pathname}?${search}`);
  });
  document.getElementById("home-link").setAttribute("data-nav", "");
  await route();
  document.body.dataset.ready = "true";
}

boot();
