// Labels in the page's language: the page's own messages (formatted by the site's one message module,
// /static/messages.js, from caselaw/api/ui/static) plus the selection table's labels (columns, stages,
// consent…) from /committee/labels/{lang}.json, and taxonomy labels (rights, forums, regions…) from the API.

import { formatMessage } from "/static/messages.js";
import { api } from "./api.js";

export const LANGUAGES = ["en", "es", "fr", "pt", "ar"];

let labels = null;
let taxonomy = {};

/** The page language: the `lang` URL parameter when it is one of the five, else English. */
export function pageLanguage() {
  const lang = new URLSearchParams(location.search).get("lang");
  return LANGUAGES.includes(lang) ? lang : "en";
}

export async function loadLabels(lang) {
  const response = await fetch(`/committee/labels/${lang}.json`, { credentials: "omit" });
  labels = await response.json();
  // Taxonomy labels are public reads; a failure leaves codes shown as they are rather than breaking the page.
  try {
    const lists = ["rights", "issues", "regions", "forums", "affected_groups", "charter_conditions"];
    const data = await api(`/taxonomy?lang=${lang}&${lists.map((l) => `list=${l}`).join("&")}`, { key: "" });
    taxonomy = Object.fromEntries(
      Object.entries(data).map(([name, items]) => [name, Object.fromEntries(items.map((i) => [i.code, i.label]))]),
    );
  } catch {
    taxonomy = {};
  }
  return labels;
}

export function lang() {
  return labels.lang;
}

/** A message of the catalog with {placeholders} filled in; a `count` value picks the plural form. */
export function t(key, values = {}) {
  const text = formatMessage(labels.messages, labels.lang, key, values);
  if (text === undefined) {
    console.warn(`missing message ${key}`);
    return key;
  }
  return text;
}

/** A label of the selection table (`columns`, `stages`, `consent`…), or the code itself when unknown. */
export function label(group, code) {
  return labels[group]?.[code] ?? code;
}

/** A taxonomy label (`rights`, `forums`, `regions`…), or the code itself when unknown. */
export function term(list, code) {
  return taxonomy[list]?.[code] ?? code;
}

/** The codes and labels of a taxonomy list, in taxonomy order. */
export function terms(list) {
  return Object.entries(taxonomy[list] ?? {});
}

export function config(name) {
  return labels[name];
}

/** A country's name in the page language (ISO 3166-1 code kept beside it, as people search by either). */
export function country(code) {
  if (!code) return "";
  try {
    const name = new Intl.DisplayNames([labels.lang], { type: "region" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(labels.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    value,
  );
}

/** A calendar date (YYYY-MM-DD) in the page language, without a time zone shifting it by a day. */
export function formatDate(iso) {
  if (!iso) return "";
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(labels.lang, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** A date known to the day, the month or the year only (`precision`), in the page language. */
export function formatPartialDate(iso, precision = "day") {
  if (!iso || precision === "day") return formatDate(iso);
  const [year, month] = iso.slice(0, 10).split("-").map(Number);
  const options = precision === "month" ? { year: "numeric", month: "long" } : { year: "numeric" };
  return new Intl.DateTimeFormat(labels.lang, { ...options, timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
}

export function formatDateTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(labels.lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** Names joined as a list in the page language ("a, b and c"). */
export function formatList(items) {
  return new Intl.ListFormat(labels.lang, { style: "long", type: "conjunction" }).format(items);
}
