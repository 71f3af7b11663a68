// Messages in the browser, for every script of the site: the widget (which carries this file inline, see
// caselaw/api/ui/messages.py) and the committee page (which imports it). The catalogs are the server's
// (messages/<lang>.json): a key maps to a text or, for a text that counts something, to one text per CLDR plural
// category (zero, one, two, few, many, other), picked here by the browser's Intl.PluralRules. `{name}` placeholders
// are filled from `values`; `count` picks the plural form and is written as a number of the language.
// No imports and no other top-level code: a classic script must be able to take these declarations as they are.

/** The message `key` of `catalog` in `lang` with its placeholders filled, or undefined when the catalog lacks it. */
export function formatMessage(catalog, lang, key, values = {}) {
  let entry = catalog[key];
  if (entry === undefined) return undefined;
  if (typeof entry === "object") {
    const count = typeof values.count === "number" ? values.count : 0;
    entry = entry[new Intl.PluralRules(lang).select(count)] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return name === "count" && typeof value === "number" ? new Intl.NumberFormat(lang).format(value) : String(value);
  });
}
