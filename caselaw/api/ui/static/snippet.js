// Snippet generator: every change redraws the code and the preview in place (the page is re-rendered by the
// server, the one place the code is written), and the copy buttons work.
import { wireCopyButtons } from "./copy.js";

const FRAGMENT_HEADER = "X-Caselaw-Fragment";
const form = document.getElementById("snippet-form");

document.documentElement.classList.add("js");
wireCopyButtons();
applyTheme();

/** The preview's theme, as the host page's stylesheet would set it (inline styles are not allowed here). */
function applyTheme() {
  const widget = document.querySelector(".preview caselaw-search");
  if (!widget) return;
  const names = { accent: "--caselaw-accent", background: "--caselaw-background", text: "--caselaw-text", font: "--caselaw-font" };
  for (const [key, property] of Object.entries(names)) {
    const value = widget.getAttribute(`data-theme-${key}`);
    if (value) widget.style.setProperty(property, value);
  }
}

let controller = null;
async function refresh() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (typeof value === "string" && value !== "") params.append(key, value);
  const url = `/embed/snippet?${params}`;
  controller?.abort();
  controller = new AbortController();
  try {
    const response = await fetch(url, { headers: { [FRAGMENT_HEADER]: "1" }, signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const fresh = template.content.getElementById("snippet-output");
    document.getElementById("snippet-output").replaceWith(fresh);
    history.replaceState(null, "", url);
    wireCopyButtons(fresh);
    applyTheme();
  } catch (error) {
    if (error.name !== "AbortError") form.submit();
  }
}

form.addEventListener("change", refresh);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});
