// One candidate: the proposal (and its edit form), the committee's assessment and scoring form, the workflow,
// withdrawal, threaded comments, precedent suggestions with the implementation record of each decision, and the
// full history. Controls a role cannot use are not shown; the API's 403 is the real guard, and any refusal is shown
// as a message. After each action the view is rebuilt from the API, focus goes where the result is, and the
// status region says what happened.

import { api, ApiError } from "./api.js";
import { h, replace, uid } from "./dom.js";
import {
  config,
  country,
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  formatPartialDate,
  label,
  t,
  term,
} from "./i18n.js";
import { deadlineCell } from "./table.js";
import { changesFrom, fillForm, proposalGroups } from "./propose.js";

const SCORES = [0, 1, 2, 3];

function section(id, title, ...children) {
  return h(
    "section",
    { id, class: "panel", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title`, tabindex: "-1" }, title),
    ...children,
  );
}

function textBlock(value) {
  return value ? h("p", { class: "prose" }, value) : h("span", { class: "muted" }, "–");
}

/** The committee may change any candidate; a member organisation only those its own key proposed. */
function mayChange(context, c) {
  return context.me.may_score || (Boolean(c.created_by_key) && c.created_by_key === context.me.key_id);
}

/** Close an inline form with Escape, as its Cancel button does. */
function escapeCloses(form, close) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
}

function codes(list, values) {
  return values.length ? formatList(values.map((code) => term(list, code))) : h("span", { class: "muted" }, "–");
}

/** The proposal's fields in a form, prefilled; saving sends only what changed, at the revision shown. */
function editForm(context, view, reload, close) {
  const c = view.candidate;
  const reasonId = uid("edit-reason");
  const form = h(
    "form",
    { id: "edit-form", class: "propose", "aria-label": t("edit.open") },
    h("p", { class: "help" }, t("edit.intro")),
    proposalGroups(),
    h(
      "div",
      { class: "field" },
      h("label", { for: reasonId }, t("edit.reason")),
      h("textarea", { id: reasonId, name: "reason", rows: "2", maxlength: "4000", "aria-describedby": `${reasonId}-help` }),
      h("p", { id: `${reasonId}-help`, class: "help" }, t("edit.reason_help")),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, t("edit.submit")),
      h("button", { type: "button", class: "button-secondary", onclick: close }, t("edit.cancel")),
    ),
  );
  fillForm(form, c);
  escapeCloses(form, close);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const changes = changesFrom(form, c);
    const count = Object.keys(changes).length;
    if (!count) {
      context.showError(t("edit.nothing"), form);
      return;
    }
    const reason = form.elements.reason.value.trim();
    try {
      await api(`/selection/candidates/${c.id}?lang=${context.lang}`, {
        method: "PATCH",
        body: { revision: c.revision, reason: reason || null, changes },
      });
    } catch (error) {
      // Keep what the person typed: a stale revision says so instead of reloading their edits away.
      const stale = error instanceof ApiError && error.code === "conflict";
      context.showError(stale ? t("edit.conflict") : error, form);
      return;
    }
    await reload("proposal-title");
    context.announce(t("edit.saved", { count }));
  });
  return form;
}

/** Every field of the proposal, labelled with the table's column names. */
function proposal(context, view, reload) {
  const c = view.candidate;
  const fields = [
    ["kind", label("kinds", c.case_id ? "existing" : "pending")],
    ["case_id", c.case_id || "–"],
    ["forum", c.forum ? term("forums", c.forum) : "–"],
    ["state", country(c.state) || "–"],
    ["region", view.region ? term("regions", view.region) : "–"],
    ["docket", c.docket || "–"],
    ["proceedings", c.proceedings ? label("proceedings", c.proceedings) : "–"],
    ["deadline", deadlineCell(c.deadline, view.days_left, c.withdrawn ? null : c.stage)],
    ["deadline_kind", c.deadline_kind ? label("deadline_kinds", c.deadline_kind) : "–"],
    [
      "filings_url",
      c.filings_url ? h("a", { href: c.filings_url, rel: "noopener noreferrer", target: "_blank" }, c.filings_url) : "–",
    ],
    ["proposer_organisation", c.proposer.organisation],
    ["proposer_contact", c.proposer.contact || "–"],
    ["lead_member", c.lead_member || "–"],
    ["co_signers", c.co_signers.length ? formatList(c.co_signers) : "–"],
    ["languages", c.languages.length ? formatList(c.languages.map((l) => config("languages")[l] || l)) : "–"],
    ["rights", codes("rights", c.rights)],
    ["issues", codes("issues", c.issues)],
    ["affected_groups", codes("affected_groups", c.affected_groups)],
    ["charter_conditions", codes("charter_conditions", c.charter_conditions)],
    ["priorities", c.priorities.length ? formatList(c.priorities.map((p) => label("priorities", p))) : "–"],
    ["summary", textBlock(c.summary)],
    ["community_who", textBlock(c.community.who)],
    ["consent", label("consent", c.community.consent)],
    ["safety_concerns", textBlock(c.community.safety_concerns)],
    ["anticipated_impact", textBlock(c.anticipated_impact)],
    ["remedial_approach", textBlock(c.remedial_approach)],
    ["advocacy_plan", textBlock(c.advocacy_plan)],
    ["capacity", textBlock(c.capacity)],
    ["created_at", `${formatDateTime(c.created_at)} · ${c.created_by}`],
    ["updated_at", formatDateTime(c.updated_at)],
  ];
  const list = h(
    "dl",
    { class: "fields" },
    fields.map(([key, value]) => h("div", { class: "field-row" }, h("dt", {}, label("columns", key)), h("dd", {}, value))),
  );
  if (c.withdrawn || !mayChange(context, c)) return section("proposal", t("candidate.proposal"), list);
  const slot = h("div", { id: "edit-slot" });
  const open = h("button", { type: "button", id: "edit-proposal", class: "button-secondary" }, t("edit.open"));
  const close = () => {
    replace(slot);
    list.hidden = false;
    open.hidden = false;
    open.focus();
  };
  open.addEventListener("click", () => {
    const form = editForm(context, view, reload, close);
    replace(slot, form);
    list.hidden = true;
    open.hidden = true;
    form.querySelector("input, select, textarea").focus();
  });
  return section("proposal", t("candidate.proposal"), h("div", { class: "toolbar" }, open), slot, list);
}

function assessment(context, view) {
  const a = view.assessment;
  const summary = h(
    "dl",
    { class: "summary" },
    h("div", {}, h("dt", {}, label("columns", "weighted_mean")), h("dd", { "data-testid": "weighted-mean" },
      a.weighted_mean === null ? "–" : formatNumber(a.weighted_mean))),
    h("div", {}, h("dt", {}, t("assessment.scored_by")), h("dd", { "data-testid": "scored-by" },
      a.scored_by.length ? formatList(a.scored_by) : t("table.nobody"))),
    h("div", {}, h("dt", {}, t("assessment.not_scored")), h("dd", { "data-testid": "not-scored" },
      a.not_scored.length ? formatList(a.not_scored) : t("assessment.everyone"))),
  );
  const rows = a.criteria.map((c) =>
    h(
      "tr",
      { "data-criterion": c.criterion },
      h("th", { scope: "row" }, c.label),
      h("td", { class: "number" }, formatNumber(c.weight, 0)),
      h("td", { class: "number" }, String(c.count)),
      h("td", { class: "number", "data-testid": "average" }, c.average === null ? "–" : formatNumber(c.average)),
      h("td", { class: "number" }, c.minimum === null ? "–" : `${c.minimum}–${c.maximum}`),
      h("td", { class: "number" }, c.stdev === null ? "–" : formatNumber(c.stdev)),
      h("td", {}, c.missing.length ? formatList(c.missing) : "–"),
      h(
        "td",
        {},
        c.scores.length
          ? h(
              "details",
              {},
              h("summary", {}, t("assessment.rationales", { count: c.scores.length })),
              h(
                "ul",
                { class: "rationales" },
                c.scores.map((s) => h("li", {}, h("strong", {}, `${s.scorer}: ${s.value}`), " — ", s.rationale)),
              ),
            )
          : "–",
      ),
    ),
  );
  const headers = [
    "assessment.criterion",
    "assessment.weight",
    "assessment.count",
    "assessment.average",
    "assessment.range",
    "assessment.stdev",
    "assessment.missing",
    "assessment.details",
  ];
  return section(
    "assessment",
    t("candidate.assessment"),
    summary,
    h(
      "div",
      { class: "table-holder" },
      h(
        "table",
        { class: "assessment", id: "assessment-table" },
        h("caption", {}, t("assessment.caption", { version: a.criteria_version })),
        h("thead", {}, h("tr", {}, headers.map((key) => h("th", { scope: "col" }, t(key))))),
        h("tbody", {}, rows),
      ),
    ),
  );
}

/** The committee member's scores: one fieldset per criterion, prefilled with their latest score. */
function scoringForm(context, view, criteria, reload) {
  const mine = new Map();
  for (const summary of view.assessment.criteria) {
    const own = summary.scores.find((s) => s.scorer === context.me.name);
    if (own) mine.set(summary.criterion, own);
  }
  if (view.candidate.withdrawn) return section("scoring", t("scoring.title"), h("p", {}, t("withdraw.locked")));
  const scoringOpen = config("scoring_open").includes(view.candidate.stage);
  if (!scoringOpen) return section("scoring", t("scoring.title"), h("p", {}, t("scoring.closed")));
  const fieldsets = criteria.criteria.map((criterion) => {
    const own = mine.get(criterion.code);
    const name = `score-${criterion.code}`;
    const rationaleId = uid("rationale");
    const descriptionId = uid("description");
    const rationale = h("textarea", {
      id: rationaleId,
      name: `rationale-${criterion.code}`,
      rows: "2",
      maxlength: "4000",
      required: Boolean(own),
      "aria-describedby": descriptionId,
    });
    rationale.value = own ? own.rationale : "";
    const radios = SCORES.map((value) => {
      const id = uid("score");
      return h(
        "span",
        { class: "radio" },
        h("input", {
          type: "radio",
          id,
          name,
          value: String(value),
          checked: own?.value === value,
          onchange: () => {
            rationale.required = true;
          },
        }),
        h("label", { for: id }, `${value}`, h("span", { class: "visually-hidden" }, ` — ${t(`scoring.value_${value}`)}`)),
      );
    });
    const criterionLabel = criterion.labels[context.lang] || criterion.labels.en;
    return h(
      "fieldset",
      { class: "criterion", "data-criterion": criterion.code },
      h("legend", {}, criterionLabel, h("span", { class: "sub" }, ` · ${t("assessment.weight")} ${criterion.weight}`)),
      h("p", { id: descriptionId, class: "help" }, criterion.descriptions[context.lang] || criterion.descriptions.en),
      h("div", { class: "radios", role: "radiogroup", "aria-label": t("scoring.score_for", { criterion: criterionLabel }) }, radios),
      h("label", { for: rationaleId }, t("scoring.rationale_for", { criterion: criterionLabel })),
      rationale,
    );
  });
  const form = h(
    "form",
    { id: "scoring-form", class: "scoring" },
    h("p", { class: "help" }, t("scoring.intro")),
    h("p", { class: "help", id: "scale-help" }, t("scoring.scale")),
    fieldsets,
    h("button", { type: "submit" }, t("scoring.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const drafts = [];
    for (const criterion of criteria.criteria) {
      const checked = form.querySelector(`input[name="score-${criterion.code}"]:checked`);
      if (!checked) continue;
      const value = Number(checked.value);
      const rationale = form.elements[`rationale-${criterion.code}`].value.trim();
      const own = mine.get(criterion.code);
      if (own && own.value === value && own.rationale === rationale) continue;
      drafts.push({ criterion: criterion.code, value, rationale });
    }
    if (!drafts.length) {
      context.showError(t("scoring.nothing"), form);
      return;
    }
    try {
      for (const draft of drafts) {
        await api(`/selection/candidates/${view.candidate.id}/scores?lang=${context.lang}`, {
          method: "POST",
          body: draft,
        });
      }
    } catch (error) {
      context.showError(error, form);
      return;
    }
    await reload("assessment-title");
    context.announce(t("scoring.saved", { count: drafts.length }));
  });
  return section("scoring", t("scoring.title"), form);
}

function workflow(context, view, reload) {
  const c = view.candidate;
  const current = h(
    "p",
    {},
    t("workflow.current"),
    " ",
    h("strong", { class: `stage stage-${c.stage}`, "data-testid": "stage" }, label("stages", c.stage)),
  );
  const next = view.allowed_transitions;
  if (c.withdrawn) return section("workflow", t("workflow.title"), current, h("p", { class: "help" }, t("withdraw.locked")));
  if (!context.me.may_score) {
    return section(
      "workflow",
      t("workflow.title"),
      current,
      h("p", { class: "help" }, t("workflow.committee_only")),
    );
  }
  if (!next.length) return section("workflow", t("workflow.title"), current, h("p", {}, t("workflow.final")));
  const reasonId = uid("reason");
  const reason = h("textarea", { id: reasonId, name: "reason", rows: "2", maxlength: "4000", "aria-describedby": `${reasonId}-help` });
  const needsReason = config("reason_required");
  const form = h(
    "form",
    { id: "transition-form", class: "transition" },
    h("label", { for: reasonId }, t("workflow.reason")),
    reason,
    h("p", { id: `${reasonId}-help`, class: "help" }, t("workflow.reason_help", {
      stages: formatList(needsReason.map((s) => label("stages", s))),
    })),
    h(
      "div",
      { class: "actions", role: "group", "aria-label": t("workflow.move_to") },
      next.map((stage) =>
        h(
          "button",
          { type: "submit", name: "to", value: stage, "data-stage": stage, class: needsReason.includes(stage) ? "button-strong" : null },
          t("workflow.move", { stage: label("stages", stage) }),
        ),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const to = event.submitter?.value;
    if (!to) return;
    const text = reason.value.trim();
    if (needsReason.includes(to) && !text) {
      context.showError(t("workflow.reason_missing", { stage: label("stages", to) }), form);
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    try {
      await api(`/selection/candidates/${c.id}/transitions?lang=${context.lang}`, {
        method: "POST",
        body: { to, reason: text || null, revision: c.revision },
      });
    } catch (error) {
      // Someone else may have moved it meanwhile: show the candidate as it is now, with the message on top.
      await reload("workflow-title");
      context.showError(error, document.getElementById("workflow"));
      return;
    }
    await reload("workflow-title");
    context.announce(t("workflow.moved", { stage: label("stages", to) }));
  });
  return section("workflow", t("workflow.title"), current, form);
}

function commentForm(context, view, reload, parent = null) {
  const id = uid("comment");
  const body = h("textarea", { id, name: "body", rows: "3", required: true, maxlength: "20000" });
  const form = h(
    "form",
    { class: parent ? "reply-form" : "comment-form" },
    h("label", { for: id }, parent ? t("comments.reply_to", { author: parent.author }) : t("comments.new")),
    body,
    h("button", { type: "submit" }, parent ? t("comments.send_reply") : t("comments.send")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    try {
      await api(`/selection/candidates/${view.candidate.id}/comments`, {
        method: "POST",
        body: { body: body.value.trim(), parent_id: parent ? parent.id : null },
      });
    } catch (error) {
      context.showError(error, form);
      return;
    }
    await reload("comments-title");
    context.announce(t("comments.sent"));
  });
  return form;
}

function comments(context, view, reload) {
  const children = new Map();
  for (const comment of view.comments) {
    const key = comment.parent_id ?? 0;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(comment);
  }
  const thread = (parentId) => {
    const items = children.get(parentId) || [];
    if (!items.length) return null;
    return h(
      "ul",
      { class: "thread" },
      items.map((comment) => {
        const replySlot = h("div", { class: "reply-slot" });
        const replyButton = h(
          "button",
          { type: "button", class: "link-button", "aria-expanded": "false" },
          t("comments.reply"),
        );
        replyButton.addEventListener("click", () => {
          const open = replyButton.getAttribute("aria-expanded") === "true";
          replyButton.setAttribute("aria-expanded", String(!open));
          if (open) replace(replySlot);
          else {
            replace(replySlot, commentForm(context, view, reload, comment));
            replySlot.querySelector("textarea").focus();
          }
        });
        return h(
          "li",
          { "data-comment": comment.id },
          h(
            "article",
            { class: "comment" },
            h("p", { class: "meta" }, h("strong", {}, comment.author), " · ",
              h("time", { datetime: comment.created_at }, formatDateTime(comment.created_at))),
            h("p", { class: "prose" }, comment.body),
            replyButton,
            replySlot,
          ),
          thread(comment.id),
        );
      }),
    );
  };
  return section(
    "comments",
    t("comments.title"),
    thread(0) || h("p", { class: "muted" }, t("comments.none")),
    commentForm(context, view, reload),
  );
}

function withdrawal(context, view, reload) {
  const c = view.candidate;
  if (!mayChange(context, c)) {
    return section("withdrawal", t("withdraw.title"), h("p", { class: "help" }, t("withdraw.not_allowed")));
  }
  const reasonId = uid("withdraw-reason");
  const reason = h("textarea", {
    id: reasonId,
    name: "reason",
    rows: "2",
    maxlength: "4000",
    "aria-required": c.withdrawn ? null : "true",
    "aria-describedby": `${reasonId}-help`,
  });
  const form = h(
    "form",
    { id: c.withdrawn ? "reinstate-form" : "withdraw-form" },
    h("label", { for: reasonId }, t(c.withdrawn ? "withdraw.reinstate_reason" : "withdraw.reason")),
    reason,
    h("p", { id: `${reasonId}-help`, class: "help" }, t(c.withdrawn ? "withdraw.reinstate_help" : "withdraw.intro")),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: c.withdrawn ? null : "button-danger" },
        t(c.withdrawn ? "withdraw.reinstate" : "withdraw.submit"),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!c.withdrawn && !text) {
      reason.setAttribute("aria-invalid", "true");
      context.showError(t("withdraw.reason_missing"), form);
      reason.focus();
      return;
    }
    const action = c.withdrawn ? "reinstate" : "withdraw";
    try {
      await api(`/selection/candidates/${c.id}/${action}?lang=${context.lang}`, {
        method: "POST",
        body: { reason: text || null, revision: c.revision },
      });
    } catch (error) {
      await reload("withdrawal-title");
      context.showError(error, document.getElementById("withdrawal"));
      return;
    }
    await reload(c.withdrawn ? "candidate-title" : "withdrawn-banner");
    context.announce(t(c.withdrawn ? "withdraw.reinstated" : "withdraw.done"));
  });
  return section("withdrawal", t("withdraw.title"), form);
}

/** What happened after the precedent's decision: its implementation level and latest follow-up event. */
function implementationRecord(context, p) {
  const record = p.implementation;
  if (!record) return h("p", { class: "implementation muted" }, t("precedents.no_record"));
  const latest = record.latest;
  const query = context.lang === "en" ? "" : `?lang=${context.lang}`;
  return h(
    "p",
    { class: "implementation", "data-level": record.level },
    h("span", { class: "implementation-label" }, t("precedents.implementation")),
    " ",
    h("strong", { class: `level level-${record.level}` }, record.level_label),
    record.overridden && [" ", h("span", { class: "muted" }, t("precedents.level_overridden"))],
    record.events > 0 && [
      " · ",
      t("precedents.follow_up_events", { count: record.events }),
      latest && [
        " · ",
        t("precedents.follow_up_latest", {
          type: latest.type_label,
          date: formatPartialDate(latest.date, latest.date_precision),
        }),
      ],
    ],
    " · ",
    h(
      "a",
      {
        href: `/cases/${encodeURIComponent(p.case_id)}${query}#follow-up`,
        "aria-label": t("precedents.follow_up_link_named", { title: p.title }),
      },
      t("precedents.follow_up_link"),
    ),
  );
}

function precedents(context, view, reload, showDismissed, list) {
  const id = view.candidate.id;
  const sectionOf = () => document.getElementById("precedents");
  const titleId = (p) => `precedent-${p.case_id}`;

  // After a pin or dismissal: a notice saying what was done, with its undo, and focus on it.
  const notice = (p, action) => () => {
    const undo = action === "pin" ? "unpin" : "undismiss";
    const box = h(
      "div",
      { class: "notice notice-done", id: "precedent-notice", tabindex: "-1" },
      t(action === "pin" ? "precedents.pinned_notice" : "precedents.dismissed_notice", { title: p.title }),
      " ",
      h(
        "button",
        { type: "button", class: "button-secondary", "data-action": undo, onclick: () => decide(p, undo) },
        t(action === "pin" ? "precedents.unpin" : "precedents.undismiss"),
      ),
    );
    sectionOf().querySelector("h2").after(box);
    box.focus();
  };

  const decide = async (p, action, reason = null) => {
    try {
      await api(`/selection/candidates/${id}/precedents/${encodeURIComponent(p.case_id)}/${action}`, {
        method: "POST",
        body: reason ? { reason } : {},
      });
    } catch (error) {
      // Someone may have changed it meanwhile: show the precedents as they are now, with the message on top.
      await reload("precedents-title", showDismissed);
      context.showError(error, sectionOf());
      return;
    }
    if (action === "pin" || action === "dismiss") {
      await reload(null, showDismissed, notice(p, action));
      context.announce(t(action === "pin" ? "precedents.pinned" : "precedents.dismissed"));
    } else {
      // Undone: the case is back among the suggestions; focus its title there.
      await reload(titleId(p), showDismissed);
      context.announce(t(action === "unpin" ? "precedents.unpinned" : "precedents.undismissed"));
    }
  };

  // Pinning and dismissing ask why, in a small form under the precedent; Escape or Cancel closes it.
  const askReason = (p, action, slot, opener) => {
    const reasonId = uid("precedent-reason");
    const reason = h("textarea", {
      id: reasonId,
      name: "reason",
      rows: "2",
      maxlength: "4000",
      "aria-required": "true",
      "aria-describedby": `${reasonId}-help`,
    });
    const close = () => {
      replace(slot);
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    };
    const form = h(
      "form",
      { class: "precedent-form", "data-action": action },
      h("label", { for: reasonId },
        t(action === "pin" ? "precedents.reason_pin" : "precedents.reason_dismiss", { title: p.title })),
      reason,
      h("p", { id: `${reasonId}-help`, class: "help" }, t("precedents.reason_help")),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit" }, t(action === "pin" ? "precedents.confirm_pin" : "precedents.confirm_dismiss")),
        h("button", { type: "button", class: "button-secondary", onclick: close }, t("precedents.cancel")),
      ),
    );
    escapeCloses(form, close);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        reason.setAttribute("aria-invalid", "true");
        context.showError(t("precedents.reason_missing"), form);
        reason.focus();
        return;
      }
      await decide(p, action, text);
    });
    for (const other of sectionOf().querySelectorAll("[aria-expanded='true'][data-action]")) {
      other.setAttribute("aria-expanded", "false");
    }
    for (const openSlot of sectionOf().querySelectorAll(".decision-slot")) replace(openSlot);
    replace(slot, form);
    opener.setAttribute("aria-expanded", "true");
    reason.focus();
  };

  const refresh = h("button", { type: "button", id: "refresh-precedents" }, t("precedents.refresh"));
  refresh.addEventListener("click", async () => {
    refresh.disabled = true;
    try {
      await api(`/selection/candidates/${id}/precedents/refresh?lang=${context.lang}`, { method: "POST" });
    } catch (error) {
      refresh.disabled = false;
      context.showError(error, sectionOf());
      return;
    }
    await reload("precedents-title", showDismissed);
    context.announce(t("precedents.refreshed"));
  });
  const toggleId = "show-dismissed"; // stable: focus returns to it when the list is rebuilt
  const toggle = h("input", { type: "checkbox", id: toggleId, checked: showDismissed });
  toggle.addEventListener("change", () => reload(toggleId, toggle.checked));
  const items = list.map((p) => {
    const slotId = uid("decision");
    const slot = h("div", { class: "decision-slot", id: slotId });
    const opener = (action, named, text) => {
      const button = h("button", {
        type: "button",
        class: "button-secondary",
        "data-action": action,
        "aria-expanded": "false",
        "aria-controls": slotId,
        "aria-label": named,
      }, text);
      button.addEventListener("click", () => {
        if (button.getAttribute("aria-expanded") === "true") {
          replace(slot);
          button.setAttribute("aria-expanded", "false");
        } else askReason(p, action, slot, button);
      });
      return button;
    };
    const undo = (action, named, text) =>
      h("button", { type: "button", class: "button-secondary", "data-action": action, "aria-label": named,
        onclick: () => decide(p, action) }, text);
    const decided = p.decided_by && (p.decision_reason
      ? t("precedents.decided_reason", { who: p.decided_by, when: formatDateTime(p.decided_at), reason: p.decision_reason })
      : t("precedents.decided", { who: p.decided_by, when: formatDateTime(p.decided_at) }));
    return h(
      "li",
      { class: `precedent precedent-${p.state}`, "data-case": p.case_id, "data-state": p.state },
      h("p", { class: "title", id: titleId(p), tabindex: "-1" }, h("strong", {}, p.title), " ",
        p.state !== "suggested" && h("span", { class: `badge state-${p.state}` }, t(`precedents.state_${p.state}`))),
      h("p", { class: "meta" }, [
        p.case_id,
        term("forums", p.forum),
        p.decision_date ? formatDate(p.decision_date) : null,
        t("precedents.relevance", { score: formatNumber(p.score) }),
      ].filter(Boolean).join(" · ")),
      implementationRecord(context, p),
      p.reasons.length
        ? h("div", {}, h("span", { class: "sub" }, t("precedents.why")),
            h("ul", { class: "reasons" }, p.reasons.map((r) => h("li", { "data-kind": r.kind }, r.text))))
        : h("p", { class: "muted" }, t("precedents.manual")),
      decided && h("p", { class: "sub decision" }, decided),
      context.me.may_score && [
        h(
          "div",
          { class: "actions" },
          p.state === "pinned"
            ? undo("unpin", t("precedents.unpin_named", { title: p.title }), t("precedents.unpin"))
            : opener("pin", t("precedents.pin_named", { title: p.title }), t("precedents.pin")),
          p.state === "dismissed"
            ? undo("undismiss", t("precedents.undismiss_named", { title: p.title }), t("precedents.undismiss"))
            : opener("dismiss", t("precedents.dismiss_named", { title: p.title }), t("precedents.dismiss")),
        ),
        slot,
      ],
    );
  });
  return section(
    "precedents",
    t("precedents.title"),
    h("p", { class: "help" }, t("precedents.implementation_help")),
    h("div", { class: "toolbar" }, refresh,
      h("span", { class: "field-check" }, toggle, h("label", { for: toggleId }, t("precedents.show_dismissed")))),
    items.length ? h("ol", { class: "precedents" }, items) : h("p", { class: "muted" }, t("precedents.none")),
  );
}

function historyValue(entry, value) {
  if (entry.action === "reinstated" && !value) return t("withdraw.state_active");
  if (value === null || value === undefined) return "–";
  if (entry.field === "stage" && typeof value === "string") return label("stages", value);
  if (entry.action === "scored" && typeof value === "object") return String(value.value);
  if (entry.action === "created") return t("history.proposal");
  if (entry.field === "withdrawn") return t(value ? "withdraw.state_withdrawn" : "withdraw.state_active");
  if (entry.action === "commented" && typeof value === "object") return value.body;
  if (entry.action === "precedents_refreshed" && Array.isArray(value)) return t("history.cases", { count: value.length });
  if (entry.action.startsWith("precedent_") && typeof value === "string") return t(`precedents.state_${value}`);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function historyField(entry, criteria) {
  if (!entry.field) return "–";
  if (entry.action === "scored") {
    const criterion = criteria.criteria.find((c) => c.code === entry.field);
    return criterion ? criterion.labels[criteria.lang] || criterion.labels.en : entry.field;
  }
  if (entry.action === "commented") return t("history.comment");
  if (entry.field === "withdrawn") return t("history.withdrawal");
  return label("columns", entry.field);
}

function historySection(context, history, criteria) {
  criteria.lang = context.lang;
  const headers = ["history.when", "history.who", "history.what", "history.field", "history.change", "history.reason"];
  return section(
    "history",
    t("history.title"),
    h(
      "div",
      { class: "table-holder" },
      h(
        "table",
        { class: "history", id: "history-table" },
        h("caption", {}, t("history.caption", { count: history.length })),
        h("thead", {}, h("tr", {}, headers.map((key) => h("th", { scope: "col" }, t(key))))),
        h(
          "tbody",
          {},
          history.map((entry) =>
            h(
              "tr",
              { "data-action": entry.action, "data-field": entry.field || "" },
              h("td", {}, h("time", { datetime: entry.at }, formatDateTime(entry.at))),
              h("td", {}, entry.actor),
              h("td", {}, t(`history.action_${entry.action}`)),
              h("td", {}, historyField(entry, criteria)),
              h("td", { class: "change" },
                entry.old === null || entry.old === undefined
                  ? historyValue(entry, entry.new)
                  : [h("span", { class: "old" }, historyValue(entry, entry.old)),
                     h("span", { class: "arrow" }, t("history.arrow")),
                     h("span", { class: "new" }, historyValue(entry, entry.new))]),
              h("td", {}, entry.reason || "–"),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Render the candidate; then focus `focusId`, or run `after` (which places focus itself). */
export async function renderCandidate(context, id, focusId = null, showDismissed = false, after = null) {
  const base = `/selection/candidates/${id}`;
  let view;
  let history;
  let criteria;
  let precedentList;
  try {
    [view, history, criteria, precedentList] = await Promise.all([
      api(`${base}?lang=${context.lang}`),
      api(`${base}/history`),
      api("/selection/criteria"),
      api(`${base}/precedents?lang=${context.lang}${showDismissed ? "&dismissed=true" : ""}`),
    ]);
  } catch (error) {
    replace(
      context.main,
      h("p", {}, h("a", { href: context.href("/committee"), "data-nav": true }, t("candidate.back"))),
    );
    context.showError(error);
    return;
  }
  const reload = (target, dismissed = showDismissed, then = null) => renderCandidate(context, id, target, dismissed, then);
  const c = view.candidate;
  document.title = `${c.name} · ${t("app.title")}`;
  const nav = h(
    "nav",
    { class: "sections", "aria-label": t("candidate.sections") },
    h("ul", {}, [
      ["proposal", "candidate.proposal"],
      ["assessment", "candidate.assessment"],
      context.me.may_score ? ["scoring", "scoring.title"] : null,
      ["workflow", "workflow.title"],
      ["withdrawal", "withdraw.title"],
      ["comments", "comments.title"],
      ["precedents", "precedents.title"],
      ["history", "history.title"],
    ].filter(Boolean).map(([anchor, key]) => h("li", {}, h("a", { href: `#${anchor}` }, t(key))))),
  );
  replace(
    context.main,
    h("p", { class: "back" }, h("a", { href: context.href("/committee"), "data-nav": true }, t("candidate.back"))),
    h("h1", { tabindex: "-1", id: "candidate-title" }, c.name),
    c.withdrawn &&
      h(
        "div",
        { class: "notice notice-withdrawn", id: "withdrawn-banner", tabindex: "-1", "data-testid": "withdrawn-banner" },
        h("strong", {}, t("withdraw.badge")),
        " — ",
        t("withdraw.banner", { date: formatDate(c.withdrawn.at), who: c.withdrawn.by, reason: c.withdrawn.reason }),
      ),
    h("p", { class: "lead" },
      h("span", { class: `stage stage-${c.stage}` }, label("stages", c.stage)), " ",
      deadlineCell(c.deadline, view.days_left, c.withdrawn ? null : c.stage)),
    nav,
    proposal(context, view, reload),
    assessment(context, view),
    context.me.may_score ? scoringForm(context, view, criteria, reload) : null,
    workflow(context, view, reload),
    withdrawal(context, view, reload),
    comments(context, view, reload),
    precedents(context, view, reload, showDismissed, precedentList),
    historySection(context, history, criteria),
  );
  if (after) after();
  else if (focusId) document.getElementById(focusId)?.focus();
}
