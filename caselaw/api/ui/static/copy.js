// "Copy" buttons: each names the element whose text it copies (data-copy) and says so in a live region.

/** Wires every button with `data-copy` under `root`; the buttons are hidden until a script can make them work. */
export function wireCopyButtons(root = document) {
  for (const button of root.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = button.nextElementSibling?.classList.contains("copy-status") ? button.nextElementSibling : null;
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = button.dataset.done;
      } catch {
        // Clipboard access can be refused (permissions, insecure origin): select the text for a manual copy.
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (status) status.textContent = button.dataset.failed;
      }
    });
  }
}
