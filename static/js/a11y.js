// Keyboard and screen-reader behaviour (progressive enhancement; no inline script anywhere).

// 1. A <select data-autosubmit> (establishment switcher, school year) changes page when chosen with the
//    mouse, but never while a keyboard user browses its options with the arrow keys (WCAG 3.2.2): Enter
//    submits, and so does the button next to it.
document.addEventListener("keydown", (event) => {
  const select = event.target.closest && event.target.closest("select[data-autosubmit]");
  if (!select) return;
  if (event.key === "Enter" && select.form) {
    event.preventDefault();
    select.form.requestSubmit();
    return;
  }
  if (event.key !== "Tab") select.dataset.keyboard = "true";
});
document.addEventListener("pointerdown", (event) => {
  const select = event.target.closest && event.target.closest("select[data-autosubmit]");
  if (select) delete select.dataset.keyboard;
});
document.addEventListener(
  "change",
  (event) => {
    const select = event.target;
    if (!select.matches || !select.matches("select[data-autosubmit]")) return;
    // Captured first: a change made with the keyboard stops here, before any handler that would submit.
    if (select.dataset.keyboard) {
      event.stopImmediatePropagation();
      return;
    }
    if (select.form) select.form.requestSubmit();
    event.stopImmediatePropagation();
  },
  true,
);

// 2. After an htmx change, focus goes where the person's attention should be: the first field in error,
//    else an error alert, else what the answer marks with data-focus (the edited or new row, the message
//    once a row is removed). The messages region is aria-live, so the change is also announced.
function focusInside(root) {
  if (!(root instanceof Element) || root === document.body) return false;
  // The figures refreshed beside a change (gauge, rules' alerts, equality) never take the focus.
  if (root.closest("#envelope-gauge, #screen-alerts, #screen-equality")) return false;
  const target =
    root.querySelector('[aria-invalid="true"]') ||
    (root.matches(".fr-alert--error") ? root : root.querySelector(".fr-alert--error")) ||
    (root.matches("[data-focus], [data-autofocus]") ? root : root.querySelector("[data-focus], [data-autofocus]"));
  if (!target) return false;
  if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) target.tabIndex = -1;
  target.removeAttribute("data-focus");
  target.removeAttribute("data-autofocus");
  target.focus({ preventScroll: true });
  // centred, so it is never hidden behind the sticky gauge
  target.scrollIntoView({ block: "center", behavior: "instant" });
  return true;
}
// A field that brings its neighbours back (choosing a mission reloads the rates) keeps the focus.
let keepFocusOn = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const active = document.activeElement;
  const target = event.detail.target;
  const reload = event.detail.requestConfig && event.detail.requestConfig.verb === "get";
  keepFocusOn = reload && active && active.id && target && target.contains(active) ? active.id : null;
});
document.addEventListener("htmx:load", (event) => {
  const elt = event.detail.elt;
  const kept = keepFocusOn && elt instanceof Element && elt.querySelector(`[id="${keepFocusOn}"]`);
  if (kept) {
    keepFocusOn = null;
    kept.focus({ preventScroll: true });
    return;
  }
  focusInside(elt);
});

// 3. Removal asks in a DSFR modal, not with confirm(): a link with data-remove="question" opens the modal;
//    "Retirer" fires the link's htmx request (hx-trigger="confirmed"). Without JS the link leads to a
//    confirmation page.
let removing = null;
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-remove]");
  const dialog = document.getElementById("remove-dialog");
  if (link && dialog && window.dsfr) {
    event.preventDefault();
    removing = link;
    dialog.querySelector("[data-remove-text]").textContent = link.dataset.remove;
    window.dsfr(dialog).modal.disclose();
    return;
  }
  const confirm = event.target.closest && event.target.closest("[data-remove-confirm]");
  if (confirm && dialog && removing) {
    const link = removing;
    removing = null;
    window.dsfr(dialog).modal.conceal();
    window.htmx.trigger(link, "confirmed");
  }
});
