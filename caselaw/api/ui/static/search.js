// Enhances the server-rendered search page: results update as you type or tick a filter, the URL follows
// (shareable, back button works), and the search box suggests case names. Without this script the page still
// works: the form submits and the server renders the same page.

import { updateLanguageLinks } from "./language-links.js";

const FRAGMENT_HEADER = "X-Caselaw-Fragment";
const TYPING_DELAY_MS = 180;
const SUGGEST_DELAY_MS = 120;

const form = document.getElementById("search");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const lang = document.documentElement.lang;

document.documentElement.classList.add("js");

let inFlight = null;

function live() {
  return document.getElementById("live");
}

/** The URL of the form's current state: empty fields and defaults left out, so URLs stay short. */
function formUrl() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (typeof value !== "string" || value.trim() === "") continue;
    if (key === "sort" && value === "relevance") continue;
    if (key === "mode" && value === "hybrid") continue; // the default mode
    params.append(key, value.trim());
  }
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

/** Which "show more" lists are open, so a refresh does not close the list the user is working in. */
function openDetails() {
  return [...live().querySelectorAll("details[open]")].map((d) => d.closest("fieldset")?.id).filter(Boolean);
}

function restore(focusId, opened) {
  for (const id of opened) {
    const details = document.querySelector(`#${CSS.escape(id)} details`);
    if (details) details.open = true;
  }
  if (focusId) {
    const target = document.getElementById(focusId);
    if (target) target.focus({ preventScroll: true });
  }
}

/** Fetches the live part of the page for `url` and swaps it in. mode: "push", "replace" or "pop". */
async function load(url, mode, { focusResults = false } = {}) {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const current = live();
  current.setAttribute("aria-busy", "true");
  const focusId = document.activeElement?.id || null;
  const opened = openDetails();
  let html;
  try {
    const response = await fetch(url, { headers: { [FRAGMENT_HEADER]: "1" }, signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    html = await response.text();
  } catch (error) {
    if (error.name === "AbortError") return;
    location.assign(url); // let the server render the page (and its error message)
    return;
  }
  if (inFlight !== controller) return;
  inFlight = null;
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const fresh = template.content.getElementById("live");
  if (!fresh) {
    location.assign(url);
    return;
  }
  if (mode === "push" && url !== location.pathname + location.search) history.pushState({ url }, "", url);
  if (mode === "replace") history.replaceState({ url }, "", url);
  live().replaceWith(fresh);
  restore(focusId, opened);
  updateLanguageLinks();
  const query = new URL(url, location.href).searchParams.get("q");
  document.title = (query ? `${query} – ` : "") + document.title.split(" – ").slice(-2).join(" – ");
  status.textContent = fresh.dataset.countText;
  if (focusResults) {
    const heading = document.getElementById("results-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

let typingTimer = 0;
input.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => load(formUrl(), "replace"), TYPING_DELAY_MS);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  closeSuggestions();
  load(formUrl(), "push", { focusResults: true });
});

// Filters, sort and dates live outside the form element (form="search"): listen on the document.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) return;
  if (field.form !== form || field === input) return;
  load(formUrl(), "push");
});

// Links inside the results (pages, chips, clear, expansion) load in place.
document.addEventListener("click", (event) => {
  const link = event.target.closest("#live a[href^='/?'], #live a[href='/']");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const url = link.getAttribute("href");
  syncInput(url);
  load(url, "push", { focusResults: link.closest(".pagination, .chips") !== null });
});

function syncInput(url) {
  input.value = new URL(url, location.href).searchParams.get("q") || "";
}

window.addEventListener("popstate", () => {
  const url = location.pathname + location.search;
  syncInput(url);
  load(url, "pop");
});

// --- Suggestions: an ARIA 1.2 combobox over the search box ---------------------------------------------

const listbox = document.getElementById("q-suggestions");
let suggestTimer = 0;
let suggestController = null;
let active = -1;

input.setAttribute("role", "combobox");
input.setAttribute("aria-autocomplete", "list");
input.setAttribute("aria-expanded", "false");
input.setAttribute("aria-controls", listbox.id);

function options() {
  return [...listbox.querySelectorAll("[role=option]")];
}

function closeSuggestions() {
  // A suggestion request still pending would reopen the list over the results the user asked for.
  clearTimeout(suggestTimer);
  suggestController?.abort();
  listbox.hidden = true;
  listbox.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  active = -1;
}

function highlight(index) {
  const items = options();
  if (!items.length) return;
  active = (index + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
  input.setAttribute("aria-activedescendant", items[active].id);
  items[active].scrollIntoView({ block: "nearest" });
}

function openCase(id) {
  const suffix = new URL(location.href).searchParams.has("lang") ? `?lang=${lang}` : "";
  location.assign(`/cases/${encodeURIComponent(id)}${suffix}`);
}

async function suggest() {
  const text = input.value.trim();
  suggestController?.abort();
  if (text.length < 2) {
    closeSuggestions();
    return;
  }
  suggestController = new AbortController();
  try {
    const url = `/api/v1/suggest?${new URLSearchParams({ q: text, lang, size: "6" })}`;
    const response = await fetch(url, { signal: suggestController.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
  } catch (error) {
    if (error.name !== "AbortError") closeSuggestions();
  }
}

function render(suggestions) {
  listbox.replaceChildren();
  active = -1;
  suggestions.forEach((suggestion, index) => {
    const item = document.createElement("li");
    item.id = `suggestion-${index}`;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.id = suggestion.id;
    item.dir = "auto";
    item.textContent = suggestion.text;
    if (suggestion.title !== suggestion.text) {
      const title = document.createElement("span");
      title.className = "s-title";
      title.textContent = suggestion.title;
      item.append(title);
    }
    item.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep focus in the box until the page changes
      openCase(suggestion.id);
    });
    listbox.append(item);
  });
  const any = suggestions.length > 0;
  listbox.hidden = !any;
  input.setAttribute("aria-expanded", String(any));
}

input.addEventListener("input", () => {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(suggest, SUGGEST_DELAY_MS);
});

input.addEventListener("keydown", (event) => {
  const expanded = !listbox.hidden;
  if (event.key === "ArrowDown" && expanded) {
    event.preventDefault();
    highlight(active + 1);
  } else if (event.key === "ArrowUp" && expanded) {
    event.preventDefault();
    highlight(active - 1);
  } else if (event.key === "Escape" && expanded) {
    event.preventDefault();
    closeSuggestions();
  } else if (event.key === "Enter" && expanded && active >= 0) {
    event.preventDefault();
    openCase(options()[active].dataset.id);
  }
});

input.addEventListener("blur", () => setTimeout(closeSuggestions, 150));

history.replaceState({ url: location.pathname + location.search }, "", location.href);
