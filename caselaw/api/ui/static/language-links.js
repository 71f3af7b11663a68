// The language menu links to the current page in each language. Scripts change the URL without a reload
// (filters, summary tabs), so the links are rewritten from the address bar after each change.

/** Points every language link at the current URL with its own `lang`. */
export function updateLanguageLinks() {
  for (const link of document.querySelectorAll(".lang-nav a[data-lang]")) {
    const url = new URL(location.href);
    url.searchParams.set("lang", link.dataset.lang);
    link.href = url.pathname + url.search + url.hash;
  }
}
