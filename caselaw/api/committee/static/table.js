// The table of candidates. Filters and sort live in the URL query (stage, right, region, within, overdue, text,
// withdrawn, sort, desc), so a view can be shared and the back button restores it; the API does the filtering and
// sorting. Withdrawn candidates are left out unless the `withdrawn` filter asks for them.

import { api, query } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { config, country, formatDate, formatList, formatNumber, label, t, term, terms } from "./i18n.js";

const COLUMNS = ["name", "forum", "state", "region", "stage", "deadline", "rights", "weighted_mean", "scored_by"];
const FILTERS = ["stage", "right", "region", "within", "overdue", "text", "withdrawn"];
const WITHDRAWN = ["include", "only"];
// Scores read best highest first; every other column starts ascending.
const DESCENDING_FIRST = new Set(["weighted_mean"]);

/** The table's state read from the URL. */
export function tableState(search = location.search) {
  const params = new URLSearchParams(search);
  const sort = COLUMNS.includes(params.get("sort")) ? params.get("sort") : "deadline";
  return {
    stage: params.get("stage") || "",
    right: params.get("right") || "",
    region: params.get("region") || "",
    within: /^\d+$/.test(params.get("within") || "") ? params.get("within") : "",
    overdue: params.get("overdue") === "1",
    text: params.get("text") || "",
    withdrawn: WITHDRAWN.includes(params.get("withdrawn")) ? params.get("withdrawn") : "",
    sort,
    desc: params.get("desc") === "1",
  };
}

function stateParams(state) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = state[name];
    if (value === true) params.set(name, "1");
    else if (value) params.set(name, value);
  }
  if (state.sort !== "deadline") params.set("sort", state.sort);
  if (state.desc) params.set("desc", "1");
  return params;
}

function apiParams(state) {
  return {
    stage: state.stage,
    right: state.right,
    region: state.region,
    deadline_within: state.within,
    include_overdue: state.within && state.overdue ? "true" : "",
    text: state.text,
    withdrawn: state.withdrawn,
    sort: state.sort,
    descending: state.desc ? "true" : "",
  };
}

/** How urgent a deadline is: overdue, within 7 days, within 14 days, or not urgent (null). */
export function urgency(daysLeft, stage) {
  if (daysLeft === null || daysLeft === undefined || !config("deadline_watch").includes(stage)) return null;
  if (daysLeft < 0) return "overdue";
  if (daysLeft <= 7) return "week";
  if (daysLeft <= 14) return "fortnight";
  return null;
}

// Symbols common fonts carry (an emoji clock shows as a blank box where no emoji font is installed).
const URGENCY_ICON = { overdue: "⚠", week: "⚑", fortnight: "◷" };

/** The deadline as a date, days left, and an urgency badge whose words (not only its colour) say how urgent. */
export function deadlineCell(deadline, daysLeft, stage) {
  if (!deadline) return h("span", { class: "muted" }, t("table.no_deadline"));
  const level = urgency(daysLeft, stage);
  const days =
    daysLeft < 0
      ? t("deadline.days_overdue", { count: -daysLeft })
      : daysLeft === 0
        ? t("deadline.today")
        : t("deadline.days_left", { count: daysLeft });
  return h(
    "span",
    { class: "deadline" },
    h("time", { datetime: deadline }, formatDate(deadline)),
    " ",
    h("span", { class: "days" }, days),
    level &&
      h(
        "span",
        { class: `badge urgency-${level}`, "data-urgency": level },
        h("span", { "aria-hidden": "true" }, URGENCY_ICON[level]),
        " ",
        t(`deadline.${level}`),
      ),
  );
}

function select(name, text, options, value) {
  const id = uid(name);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, text),
    h(
      "select",
      { id, name },
      h("option", { value: "" }, t("filters.any")),
      options.map(([code, optionLabel]) => h("option", { value: code, selected: code === value }, optionLabel)),
    ),
  );
}

function filterForm(context, state) {
  const withinId = uid("within");
  const textId = uid("text");
  const overdueId = uid("overdue");
  const withdrawnId = uid("withdrawn");
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("filters.title") },
    h("h2", { class: "visually-hidden" }, t("filters.title")),
    select("stage", label("columns", "stage"), Object.entries(config("stages")), state.stage),
    select("right", label("columns", "rights"), terms("rights"), state.right),
    select("region", label("columns", "region"), terms("regions"), state.region),
    h(
      "div",
      { class: "field" },
      h("label", { for: withinId }, t("filters.within")),
      h("input", {
        id: withinId,
        name: "within",
        type: "number",
        min: "0",
        max: "3660",
        inputmode: "numeric",
        value: state.within,
        "aria-describedby": `${withinId}-help`,
      }),
      h("span", { id: `${withinId}-help`, class: "help" }, t("filters.within_help")),
    ),
    h(
      "div",
      { class: "field field-check" },
      h("input", { id: overdueId, name: "overdue", type: "checkbox", checked: state.overdue }),
      h("label", { for: overdueId }, t("filters.overdue")),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: textId }, t("filters.text")),
      h("input", { id: textId, name: "text", type: "search", value: state.text, maxlength: "200" }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: withdrawnId }, t("filters.withdrawn")),
      h(
        "select",
        { id: withdrawnId, name: "withdrawn" },
        h("option", { value: "" }, t("filters.withdrawn_exclude")),
        h("option", { value: "include", selected: state.withdrawn === "include" }, t("filters.withdrawn_include")),
        h("option", { value: "only", selected: state.withdrawn === "only" }, t("filters.withdrawn_only")),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, t("filters.apply")),
      h("a", { href: context.href("/committee"), "data-nav": true, class: "button-secondary" }, t("filters.clear")),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {
      ...state,
      stage: data.get("stage"),
      right: data.get("right"),
      region: data.get("region"),
      within: String(data.get("within") || "").trim(),
      overdue: data.get("overdue") === "on",
      text: String(data.get("text") || "").trim(),
      withdrawn: String(data.get("withdrawn") || ""),
    };
    context.navigate(context.href("/committee", stateParams(next))).then(() => {
      document.getElementById("results-caption")?.focus();
    });
  });
  return form;
}

function filenameOf(response, format) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = disposition.match(/filename="([^"]+)"/);
  return match ? match[1] : `amicus-candidates.${format}`;
}

/** Export through fetch (the key is a header, not a cookie), then hand the bytes to the browser as a download. */
async function exportTable(context, state, format, button) {
  button.disabled = true;
  try {
    const params = { ...apiParams(state), format, lang: context.lang };
    const response = await api(`/selection/candidates/export${query(params)}`, { raw: true });
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: filenameOf(response, format), class: "visually-hidden" });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later: the download starts asynchronously and needs the URL until then.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    context.announce(t("export.done", { format: format.toUpperCase() }));
  } catch (error) {
    context.showError(error);
  } finally {
    button.disabled = false;
  }
}

function sortHeader(context, state, column) {
  const active = state.sort === column;
  const nextDesc = active ? !state.desc : DESCENDING_FIRST.has(column);
  const direction = active ? (state.desc ? "descending" : "ascending") : "none";
  const button = h(
    "button",
    {
      type: "button",
      class: "sort",
      "data-column": column,
      onclick: () => {
        const params = stateParams({ ...state, sort: column, desc: nextDesc });
        context.navigate(context.href("/committee", params)).then(() => {
          document.querySelector(`button.sort[data-column="${column}"]`)?.focus();
        });
      },
    },
    label("columns", column),
    h("span", { class: "sort-icon", "aria-hidden": "true" }, active ? (state.desc ? "▼" : "▲") : "↕"),
  );
  return h("th", { scope: "col", "aria-sort": direction, "data-column": column }, button);
}

function row(context, item) {
  const c = item.candidate;
  // A withdrawn candidate's deadline no longer calls for action: shown, never highlighted.
  const watched = c.withdrawn ? null : c.stage;
  const level = urgency(item.days_left, watched);
  const link = h(
    "a",
    { href: context.href(`/committee/candidates/${c.id}`), "data-nav": true, class: "candidate-link" },
    c.name,
  );
  return h(
    "tr",
    { "data-id": c.id, class: level ? `row-urgency-${level}` : null, "data-withdrawn": c.withdrawn ? "true" : null },
    h(
      "th",
      { scope: "row" },
      link,
      c.withdrawn && [" ", h("span", { class: "badge badge-withdrawn" }, t("withdraw.badge"))],
      h("span", { class: "sub" }, label("kinds", c.case_id ? "existing" : "pending"), c.docket ? ` · ${c.docket}` : ""),
    ),
    h("td", {}, c.forum ? term("forums", c.forum) : ""),
    h("td", {}, country(c.state)),
    h("td", {}, item.region ? term("regions", item.region) : ""),
    h("td", {}, h("span", { class: `stage stage-${c.stage}` }, label("stages", c.stage))),
    h("td", {}, deadlineCell(c.deadline, item.days_left, watched)),
    h("td", {}, formatList(c.rights.map((code) => term("rights", code)))),
    h("td", { class: "number" }, item.weighted_mean === null ? "–" : formatNumber(item.weighted_mean)),
    h("td", {}, item.scored_by.length ? formatList(item.scored_by) : h("span", { class: "muted" }, t("table.nobody"))),
  );
}

export async function renderTable(context) {
  const state = tableState();
  document.title = `${t("table.title")} · ${t("app.title")}`;
  const heading = h("h1", { tabindex: "-1" }, t("table.title"));
  const toolbar = h(
    "div",
    { class: "toolbar" },
    h("a", { href: context.href("/committee/propose"), "data-nav": true, class: "button" }, t("propose.link")),
    h(
      "div",
      { class: "exports", role: "group", "aria-label": t("export.title") },
      h("span", { class: "exports-label", "aria-hidden": "true" }, t("export.title")),
      ["csv", "xlsx", "json"].map((format) => {
        const button = h(
          "button",
          { type: "button", class: "button-secondary", "data-export": format },
          t("export.as", { format: format.toUpperCase() }),
        );
        button.addEventListener("click", () => exportTable(context, state, format, button));
        return button;
      }),
    ),
  );
  const holder = h("div", { class: "table-holder" }, h("p", { class: "loading" }, t("app.loading")));
  replace(context.main, heading, toolbar, filterForm(context, state), holder);
  let rows;
  try {
    rows = await api(`/selection/candidates${query({ ...apiParams(state), lang: context.lang })}`);
  } catch (error) {
    replace(holder);
    context.showError(error, holder);
    return;
  }
  const sortText = t(state.desc ? "table.sorted_desc" : "table.sorted_asc", { column: label("columns", state.sort) });
  const caption = h(
    "caption",
    { id: "results-caption", tabindex: "-1" },
    t("table.count", { count: rows.length }),
    " ",
    h("span", { class: "sub" }, sortText),
  );
  if (!rows.length) {
    replace(holder, h("p", { id: "results-caption", class: "empty", tabindex: "-1" }, t("table.empty")));
    return;
  }
  replace(
    holder,
    h(
      "table",
      { class: "candidates", id: "candidates" },
      caption,
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          COLUMNS.map((column) => sortHeader(context, state, column)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((item) => row(context, item)),
      ),
    ),
    h("p", { class: "legend" }, t("deadline.legend")),
  );
}
