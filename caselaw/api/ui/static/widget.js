// <caselaw-search>: the search as a web component for other sites. One classic script, no dependencies; it
// defines one custom element and nothing else global. Its markup and styles live in a Shadow DOM, so the
// host page's CSS cannot reach in and its own CSS cannot leak out; only CSS custom properties cross
// (--caselaw-accent, --caselaw-background, --caselaw-text, --caselaw-font, --caselaw-radius), which is the
// theming interface. It calls the public JSON API of the site it was loaded from, without cookies.
//
//   <script src="https://SITE/widget.js" defer></script>
//   <caselaw-search right="housing" region="africa" lang="fr" count="5"></caselaw-search>
(() => {
  "use strict";
  if (!window.customElements || customElements.get("caselaw-search")) return;

  const MESSAGES = /*MESSAGES*/{};
  const KEYS = /*KEYS*/[];
  const LANGUAGES = Object.keys(MESSAGES);
  const SCRIPT_ORIGIN = document.currentScript ? new URL(document.currentScript.src, location.href).origin : location.origin;
  const TYPING_DELAY_MS = 250;
  const FACETS = KEYS.filter((key) => key !== "q" && key !== "sort");
  // Attributes use hyphens (HTML convention); the API uses underscores.
  const ATTRIBUTE = (key) => key.replace(/_/g, "-");

  const STYLE = `
:host { all: initial; display: block; }
:host([hidden]) { display: none; }
/* Inherited properties come from the host element, which the host page styles (even with !important):
   the inner root starts from initial values, so only the custom properties below cross the boundary. */
.root { all: initial; display: block; padding: 1em;
  font-family: var(--caselaw-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif);
  font-size: var(--caselaw-font-size, 16px); line-height: 1.5;
  color: var(--caselaw-text, #1b1f24); background: var(--caselaw-background, #ffffff);
  border: 1px solid var(--caselaw-border, #c9d1da); border-radius: var(--caselaw-radius, 6px); }
* { box-sizing: border-box; }
form { display: flex; gap: 0.5em; margin: 0 0 0.75em; }
input { flex: 1; min-width: 0; font: inherit; color: inherit; background: #fff; border: 1px solid #7b8794;
  border-radius: var(--caselaw-radius, 6px); padding: 0.5em 0.6em; min-height: 2.75em; }
button { font: inherit; font-weight: 600; cursor: pointer; color: #fff; background: var(--caselaw-accent, #0b5394);
  border: 2px solid var(--caselaw-accent, #0b5394); border-radius: var(--caselaw-radius, 6px); padding: 0.5em 1em; min-height: 2.75em; }
button:hover { filter: brightness(0.9); }
:focus-visible { outline: 3px solid var(--caselaw-focus, #c2410c); outline-offset: 2px; }
a { color: var(--caselaw-accent, #0b5394); text-underline-offset: 0.15em; }
.status { margin: 0 0 0.5em; font-size: 0.9em; color: var(--caselaw-muted, #4a5562); }
.status.error { color: #8a1c1c; }
ol { list-style: none; margin: 0; padding: 0; }
li { padding: 0.6em 0; border-top: 1px solid var(--caselaw-line, #e1e6ec); }
.title { font-weight: 600; }
.meta { display: block; font-size: 0.88em; color: var(--caselaw-muted, #4a5562); }
.snippet { display: block; font-size: 0.92em; margin-top: 0.2em; }
mark { background: var(--caselaw-mark, #ffe58a); color: inherit; padding: 0 0.1em; border-radius: 2px; }
.foot { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5em; margin: 0.75em 0 0; font-size: 0.9em; }
.powered { color: var(--caselaw-muted, #4a5562); }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[aria-busy="true"] ol { opacity: 0.6; }
`;

  let sheet = null;
  function styles(root) {
    // A constructed sheet is shared by every instance and is not blocked by host pages that forbid inline styles.
    if ("adoptedStyleSheets" in root && window.CSSStyleSheet && "replaceSync" in CSSStyleSheet.prototype) {
      sheet = sheet || new CSSStyleSheet();
      if (!sheet.cssRules.length) sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement("style");
      style.textContent = STYLE;
      root.append(style);
    }
  }

  // formatMessage(catalog, lang, key, values): static/messages.js, put here by the server (a classic script cannot
  // import a module, and host pages need not allow one more request).
  /*MESSAGE_MODULE*/

  function message(lang, key, values = {}) {
    // The server filled every language's catalog (English where a translation lacks a key); `language` is one of them.
    return formatMessage(MESSAGES[lang], lang, key, values) ?? key;
  }

  /** Snippet HTML from the API (escaped text with <mark>) as DOM nodes: text and <mark> only, nothing else. */
  function snippetNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [];
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function element(tag, properties = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(properties)) {
      if (key in node && key !== "role") node[key] = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  class CaselawSearch extends HTMLElement {
    static get observedAttributes() {
      return [...KEYS.map(ATTRIBUTE), "lang", "count", "api"];
    }

    constructor() {
      super();
      this._shadow = this.attachShadow({ mode: "open" });
      styles(this._shadow);
      this._controller = null;
      this._timer = 0;
      this._input = element("input", { type: "search", id: "q", dir: "auto", autocomplete: "off", maxLength: 1000 });
      this._label = element("label", { className: "vh", htmlFor: "q" });
      this._button = element("button", { type: "submit" });
      this._form = element("form", { role: "search" }, [this._label, this._input, this._button]);
      this._status = element("p", { className: "status", role: "status" });
      this._status.setAttribute("aria-live", "polite");
      this._list = element("ol");
      this._more = element("a", { target: "_blank", rel: "noopener" });
      this._powered = element("span", { className: "powered" });
      this._box = element("div", { className: "root", part: "root" }, [
        this._form, this._status, this._list, element("p", { className: "foot" }, [this._more, this._powered]),
      ]);
      this._shadow.append(this._box);
      this._form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearTimeout(this._timer);
        this._search();
      });
      this._input.addEventListener("input", () => {
        clearTimeout(this._timer);
        this._timer = setTimeout(() => this._search(), TYPING_DELAY_MS);
      });
    }

    get language() {
      const asked = (this.getAttribute("lang") || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
      return LANGUAGES.includes(asked) ? asked : "en";
    }

    get base() {
      return (this.getAttribute("api") || SCRIPT_ORIGIN).replace(/\/+$/, "");
    }

    get count() {
      const n = parseInt(this.getAttribute("count") || "5", 10);
      return Number.isFinite(n) ? Math.min(20, Math.max(1, n)) : 5;
    }

    /** Preset filters from the attributes: several values separated by spaces or commas. */
    presets() {
      const params = new URLSearchParams();
      for (const key of FACETS) {
        const raw = this.getAttribute(ATTRIBUTE(key));
        if (raw) for (const value of raw.split(/[\s,]+/)) if (value) params.append(key, value);
      }
      const sort = this.getAttribute("sort");
      if (sort) params.set("sort", sort);
      // mode="keyword|semantic|hybrid": the API's default (hybrid) when absent.
      const mode = this.getAttribute("mode");
      if (mode) params.set("mode", mode);
      return params;
    }

    connectedCallback() {
      if (!this._input.value && this.hasAttribute("q")) this._input.value = this.getAttribute("q");
      this._labels();
      this._search();
    }

    disconnectedCallback() {
      this._controller?.abort();
      clearTimeout(this._timer);
    }

    attributeChangedCallback() {
      if (!this.isConnected) return;
      this._labels();
      this._search();
    }

    _labels() {
      const lang = this.language;
      this._box.lang = lang;
      this._box.dir = lang === "ar" ? "rtl" : "ltr";
      this._form.setAttribute("aria-label", message(lang, "widget.label"));
      this._label.textContent = message(lang, "widget.label");
      this._input.placeholder = message(lang, "widget.label");
      this._button.textContent = message(lang, "widget.submit");
      this._more.textContent = message(lang, "widget.more");
      this._powered.textContent = message(lang, "widget.powered", { site: MESSAGES[lang]?.site || MESSAGES.en.site });
    }

    async _search() {
      const lang = this.language;
      const params = this.presets();
      const query = this._input.value.trim();
      if (query) params.set("q", query);
      params.set("lang", lang);
      const fullSite = `${this.base}/?${params}`;
      params.set("size", String(this.count));
      params.set("facets", "false");
      this._more.href = fullSite;
      this._controller?.abort();
      const controller = new AbortController();
      this._controller = controller;
      this._box.setAttribute("aria-busy", "true");
      this._status.classList.remove("error");
      try {
        const response = await fetch(`${this.base}/api/v1/search?${params}`, {
          mode: "cors", credentials: "omit", signal: controller.signal, headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const data = await response.json();
        if (this._controller !== controller) return;
        this._show(data, lang);
      } catch (error) {
        if (error.name === "AbortError") return;
        this._list.replaceChildren();
        this._status.classList.add("error");
        this._status.textContent = message(lang, "widget.error");
      } finally {
        if (this._controller === controller) this._box.removeAttribute("aria-busy");
      }
    }

    _show(data, lang) {
      const dates = new Intl.DateTimeFormat(lang, { dateStyle: "long" });
      this._status.textContent = data.total ? message(lang, "widget.count", { count: data.total }) : message(lang, "widget.no_results");
      this._more.hidden = data.total <= data.hits.length;
      const items = data.hits.map((hit) => {
        const title = element("a", {
          className: "title", href: `${this.base}/cases/${encodeURIComponent(hit.id)}?lang=${lang}`,
          target: "_blank", rel: "noopener", lang: hit.title_language, dir: hit.title_language === "ar" ? "rtl" : "ltr",
        }, [hit.title]);
        const facts = hit.forum ? [hit.forum.label] : []; // a record may name no forum yet
        if (hit.decision_date) facts.push(dates.format(new Date(`${hit.decision_date}T00:00:00`)));
        if (hit.states.length) facts.push(hit.states.map((state) => state.label).join(", "));
        const children = [title, element("span", { className: "meta" }, [facts.join(" · ")])];
        if (hit.snippets.length) children.push(element("span", { className: "snippet", dir: "auto" }, snippetNodes(hit.snippets[0])));
        // A hit found by meaning shows its closest passage as plain text (never markup).
        else if (hit.passage) children.push(element("span", { className: "snippet", dir: "auto" }, [hit.passage]));
        return element("li", {}, children);
      });
      this._list.replaceChildren(...items);
    }
  }

  customElements.define("caselaw-search", CaselawSearch);
})();
