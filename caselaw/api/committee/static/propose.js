// The proposal form: an existing case of the database (its id) or a pending case (name, forum, State…), with
// everything the committee weighs. Members and committee members may propose; the API validates. The same fields
// edit a candidate later (candidate.js): `fillForm` puts a candidate in them, `changesFrom` reads what changed.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { config, label, t, terms } from "./i18n.js";

function field(name, text, control, help = null) {
  const id = uid(name);
  control.id = id;
  control.name = name;
  const helpId = help ? `${id}-help` : null;
  if (helpId) control.setAttribute("aria-describedby", helpId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, text),
    control,
    help && h("p", { id: helpId, class: "help" }, help),
  );
}

function input(attrs = {}) {
  return h("input", { type: "text", ...attrs });
}

function textarea(rows = 3) {
  return h("textarea", { rows: String(rows), maxlength: "20000" });
}

function options(pairs, withEmpty = true) {
  return h(
    "select",
    {},
    withEmpty && h("option", { value: "" }, t("propose.choose")),
    pairs.map(([code, text]) => h("option", { value: code }, text)),
  );
}

function checkboxes(name, legend, pairs) {
  return h(
    "fieldset",
    { class: "checks", "data-name": name },
    h("legend", {}, legend),
    h(
      "div",
      { class: "check-grid" },
      pairs.map(([code, text]) => {
        const id = uid(name);
        return h(
          "span",
          { class: "field-check" },
          h("input", { type: "checkbox", id, name, value: code }),
          h("label", { for: id }, text),
        );
      }),
    ),
  );
}

function group(title, ...children) {
  return h("fieldset", { class: "group" }, h("legend", {}, title), ...children);
}

/** The request body from the form: empty fields left out, lists split, the community block nested. */
export function draftFrom(form) {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) || "").trim();
  const body = {};
  const set = (key, value) => {
    if (value !== "" && value !== null && !(Array.isArray(value) && !value.length)) body[key] = value;
  };
  set("case_id", text("case_id"));
  set("name", text("name"));
  set("forum", text("forum"));
  set("state", text("state").toUpperCase());
  set("docket", text("docket"));
  set("proceedings", text("proceedings"));
  set("deadline", text("deadline"));
  set("deadline_kind", text("deadline_kind"));
  set("filings_url", text("filings_url"));
  body.proposer = { organisation: text("proposer_organisation") };
  if (text("proposer_contact")) body.proposer.contact = text("proposer_contact");
  set("lead_member", text("lead_member"));
  set("co_signers", text("co_signers").split(/[,;\n]/).map((s) => s.trim()).filter(Boolean));
  for (const name of ["languages", "rights", "issues", "affected_groups", "charter_conditions", "priorities"]) {
    set(name, data.getAll(name).map(String));
  }
  set("summary", text("summary"));
  const community = { consent: text("consent") || "not-sought" };
  if (text("community_who")) community.who = text("community_who");
  if (text("safety_concerns")) community.safety_concerns = text("safety_concerns");
  body.community = community;
  for (const name of ["anticipated_impact", "remedial_approach", "advocacy_plan", "capacity", "reason"]) {
    set(name, text(name));
  }
  return body;
}

/** The fieldsets of a proposal (the case, who, what, community, plan), without the note for the history. */
export function proposalGroups() {
  const forums = terms("forums");
  return [
    group(
      t("propose.which_case"),
      h("p", { class: "help" }, t("propose.which_case_help")),
      field("case_id", label("columns", "case_id"), input({ pattern: "[a-z0-9][a-z0-9\\-]*", maxlength: "200" }),
        t("propose.case_id_help")),
      field("name", label("columns", "name"), input({ maxlength: "300" })),
      field("forum", label("columns", "forum"), options(forums)),
      field("state", label("columns", "state"), input({ maxlength: "2", pattern: "[A-Za-z]{2}", autocomplete: "off" }),
        t("propose.state_help")),
      field("docket", label("columns", "docket"), input({ maxlength: "300" })),
      field("proceedings", label("columns", "proceedings"), options(Object.entries(config("proceedings")))),
      field("deadline", label("columns", "deadline"), input({ type: "date" })),
      field("deadline_kind", label("columns", "deadline_kind"), options(Object.entries(config("deadline_kinds")))),
      field("filings_url", label("columns", "filings_url"), input({ type: "url", maxlength: "2000" })),
    ),
    group(
      t("propose.who"),
      field("proposer_organisation", label("columns", "proposer_organisation"), input({ required: true, maxlength: "300" })),
      field("proposer_contact", label("columns", "proposer_contact"), input({ maxlength: "300" })),
      field("lead_member", label("columns", "lead_member"), input({ maxlength: "300" })),
      field("co_signers", label("columns", "co_signers"), input({ maxlength: "3000" }), t("propose.co_signers_help")),
      checkboxes("languages", label("columns", "languages"), Object.entries(config("languages"))),
    ),
    group(
      t("propose.what"),
      checkboxes("rights", label("columns", "rights"), terms("rights")),
      checkboxes("issues", label("columns", "issues"), terms("issues")),
      checkboxes("affected_groups", label("columns", "affected_groups"), terms("affected_groups")),
      checkboxes("charter_conditions", label("columns", "charter_conditions"), terms("charter_conditions")),
      checkboxes("priorities", label("columns", "priorities"), Object.entries(config("priorities"))),
      field("summary", label("columns", "summary"), textarea(4), t("propose.summary_help")),
    ),
    group(
      t("propose.community"),
      field("community_who", label("columns", "community_who"), textarea()),
      field("consent", label("columns", "consent"), options(Object.entries(config("consent")), false)),
      field("safety_concerns", label("columns", "safety_concerns"), textarea()),
    ),
    group(
      t("propose.plan"),
      field("anticipated_impact", label("columns", "anticipated_impact"), textarea()),
      field("remedial_approach", label("columns", "remedial_approach"), textarea()),
      field("advocacy_plan", label("columns", "advocacy_plan"), textarea()),
      field("capacity", label("columns", "capacity"), textarea()),
    ),
  ];
}

// Fields of a candidate the form shows, as the API names them; lists are compared as sets (their order is the form's).
const SCALARS = ["case_id", "name", "forum", "state", "docket", "proceedings", "deadline", "deadline_kind", "filings_url",
  "lead_member", "summary", "anticipated_impact", "remedial_approach", "advocacy_plan", "capacity"];
const LISTS = ["languages", "rights", "issues", "affected_groups", "charter_conditions", "priorities"];

/** Put a candidate's values in the form's fields (a code the form has no box for gets one, so it is not lost). */
export function fillForm(form, c) {
  const elements = form.elements;
  for (const name of SCALARS) {
    const value = c[name] ?? "";
    // A code the list does not offer (a forum added since) gets its own option rather than being cleared on save.
    if (elements[name].tagName === "SELECT" && value && ![...elements[name].options].some((o) => o.value === value)) {
      elements[name].append(h("option", { value }, value));
    }
    elements[name].value = value;
  }
  elements.proposer_organisation.value = c.proposer.organisation;
  elements.proposer_contact.value = c.proposer.contact ?? "";
  elements.co_signers.value = c.co_signers.join(", ");
  elements.community_who.value = c.community.who ?? "";
  elements.consent.value = c.community.consent;
  elements.safety_concerns.value = c.community.safety_concerns ?? "";
  for (const name of LISTS) {
    const grid = form.querySelector(`fieldset[data-name="${name}"] .check-grid`);
    for (const code of c[name]) {
      let box = form.querySelector(`input[name="${name}"][value="${CSS.escape(code)}"]`);
      if (!box) {
        const id = uid(name);
        box = h("input", { type: "checkbox", id, name, value: code });
        grid.append(h("span", { class: "field-check" }, box, h("label", { for: id }, code)));
      }
      box.checked = true;
    }
  }
}

function same(a, b) {
  const canonical = (value) =>
    JSON.stringify(value, (key, item) =>
      item && typeof item === "object" && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item).filter(([, v]) => v !== null && v !== undefined).sort())
        : item,
    );
  return canonical(a) === canonical(b);
}

/** The fields the form changes on candidate `c`, as a PATCH's `changes` (a cleared field is sent as null). */
export function changesFrom(form, c) {
  const draft = draftFrom(form);
  const changes = {};
  for (const name of SCALARS) {
    const value = draft[name] ?? null;
    if (value !== (c[name] ?? null)) changes[name] = value;
  }
  for (const name of [...LISTS, "co_signers"]) {
    const value = draft[name] ?? [];
    const sorted = (list) => (name === "co_signers" ? list : [...list].sort());
    if (!same(sorted(value), sorted(c[name]))) changes[name] = value;
  }
  if (!same(draft.proposer, c.proposer)) changes.proposer = draft.proposer;
  if (!same(draft.community, c.community)) changes.community = draft.community;
  return changes;
}

export async function renderProposal(context) {
  document.title = `${t("propose.title")} · ${t("app.title")}`;
  const form = h(
    "form",
    { id: "propose-form", class: "propose", novalidate: false },
    h("p", { class: "help" }, t("propose.intro")),
    proposalGroups(),
    field("reason", t("propose.reason"), textarea(2), t("propose.reason_help")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, t("propose.submit")),
      h("a", { href: context.href("/committee"), "data-nav": true, class: "button-secondary" }, t("propose.cancel")),
    ),
  );
  form.elements.consent.value = "not-sought";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    let view;
    try {
      view = await api(`/selection/candidates?lang=${context.lang}`, { method: "POST", body: draftFrom(form) });
    } catch (error) {
      context.showError(error, form);
      return;
    }
    await context.navigate(context.href(`/committee/candidates/${view.candidate.id}`));
    context.announce(t("propose.done", { name: view.candidate.name }));
    document.getElementById("candidate-title")?.focus();
  });
  replace(
    context.main,
    h("p", { class: "back" }, h("a", { href: context.href("/committee"), "data-nav": true }, t("candidate.back"))),
    h("h1", { tabindex: "-1" }, t("propose.title")),
    form,
  );
}
