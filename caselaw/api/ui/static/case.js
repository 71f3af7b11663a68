// Case page: summary languages become ARIA tabs (switching without a reload, the URL kept in step), and the
// citation gets a working copy button. Without this script the tabs are plain links that reload the page.
import { wireCopyButtons } from "./copy.js";
import { updateLanguageLinks } from "./language-links.js";

document.documentElement.classList.add("js");
wireCopyButtons();

const tablist = document.querySelector(".summary-tabs[data-tabs]");
if (tablist) {
  const tabs = [...tablist.querySelectorAll("[data-summary]")];
  const panels = new Map(tabs.map((tab) => [tab, document.getElementById(`summary-${tab.dataset.summary}`)]));
  const rtl = document.documentElement.dir === "rtl";

  tablist.setAttribute("role", "tablist");
  for (const [tab, panel] of panels) {
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
  }

  const select = (chosen, { focus = false, record = true } = {}) => {
    for (const [tab, panel] of panels) {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.removeAttribute("aria-current");
      panel.hidden = !on;
    }
    if (focus) chosen.focus();
    if (record) {
      const url = new URL(location.href);
      url.searchParams.set("summary", chosen.dataset.summary);
      history.replaceState(null, "", url.pathname + url.search + location.hash);
      updateLanguageLinks();
    }
  };

  const initial = tabs.find((tab) => !panels.get(tab).hidden) ?? tabs[0];
  select(initial, { record: false });

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (!tab) return;
    event.preventDefault();
    select(tab);
  });

  tablist.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    // Arrow keys follow the reading direction: in Arabic the next tab is to the left.
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const backward = rtl ? "ArrowRight" : "ArrowLeft";
    let next = null;
    if (event.key === forward) next = tabs[(index + 1) % tabs.length];
    else if (event.key === backward) next = tabs[(index - 1 + tabs.length) % tabs.length];
    else if (event.key === "Home") next = tabs[0];
    else if (event.key === "End") next = tabs[tabs.length - 1];
    else if (event.key === " " || event.key === "Enter") next = tabs[index];
    if (next) {
      event.preventDefault();
      select(next, { focus: true });
    }
  });
}
