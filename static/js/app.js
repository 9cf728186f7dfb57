// Progressive enhancement only: every page works without JavaScript. No inline script or handler anywhere
// (the Content-Security-Policy forbids them): behaviour is attached here, from data- attributes.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Gauges: the width comes from data-percent (a style="" attribute would need 'unsafe-inline' styles).
function sizeGauges(root) {
  root.querySelectorAll("[data-percent]").forEach((bar) => {
    bar.style.width = `${Math.min(100, Math.max(0, Number(bar.dataset.percent) || 0))}%`;
  });
}
document.addEventListener("DOMContentLoaded", () => sizeGauges(document));
document.addEventListener("htmx:load", (event) => sizeGauges(event.detail.elt));
// The person picker: typing in "Chercher une personne" narrows the list at once, accents and case ignored.
// Without JavaScript the "Chercher" button reloads the form with the list filtered by the server.
const fold = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae").toLowerCase();

function filterPeople(input) {
  const picker = input.closest(".person-picker");
  const select = picker && picker.querySelector("select[name=staff_member]");
  if (!select) return;
  const words = fold(input.value).split(/\s+/).filter(Boolean);
  let shown = 0;
  let firstShown = null;
  for (const option of select.options) {
    if (!option.value) continue;
    const text = fold(option.textContent);
    const match = words.every((word) => text.includes(word));
    option.hidden = !match;
    option.disabled = !match && !option.selected;
    if (match) {
      shown += 1;
      firstShown = firstShown || option;
    }
  }
  for (const group of select.querySelectorAll("optgroup")) {
    group.hidden = ![...group.children].some((option) => !option.hidden);
  }
  if (words.length && shown === 1 && !select.value) firstShown.selected = true;
  const count = picker.querySelector(".person-picker__count");
  if (count) count.textContent = shown === 0 ? "Aucune personne ne correspond." : `${shown} personne(s) proposée(s).`;
}

document.addEventListener("input", (event) => {
  if (event.target.matches("[data-person-search]")) filterPeople(event.target);
});
document.addEventListener("keydown", (event) => {
  // Enter in the search box keeps the list filtered; it does not save the allocation.
  if (event.key === "Enter" && event.target.matches("[data-person-search]")) event.preventDefault();
});

